import type { TokenCaller } from "./auth/api-tokens";
import type { KitchenMembership, SignedInUser } from "./auth/sessions";
import type { Database } from "./db/client";

// From wrangler.toml via `wrangler types`; CREDENTIALS_KEY is a secret (.dev.vars locally).
export type Bindings = Env;

export interface ApiCaller {
  kitchen: KitchenMembership;
  via: "session" | "token";
  /** The signed-in user, or the token, behind the call: for the personal-data access log. */
  userId: number | null;
  apiTokenId: number | null;
}

export type AppEnv = {
  Bindings: Bindings;
  Variables: {
    db: Database;
    now: Date;
    /** The signed-in user, or null: set for every request by the session middleware. */
    user: SignedInUser | null;
    /** The kitchen of a /k/:slug page, with the caller's role in it. */
    kitchen: KitchenMembership;
    /** Who a /api request acts for. */
    apiCaller: ApiCaller;
    apiToken: TokenCaller | null;
  };
};
