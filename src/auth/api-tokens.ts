// API tokens: each belongs to one kitchen and one role and selects the kitchen the JSON API
// acts on. Created and revoked with the admin CLI.
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { apiTokens, kitchens, newbookConnections, resosConnections, syncSettings } from "../db/schema";
import { kitchenColumns, membershipOf, type KitchenMembership } from "./sessions";
import { API_TOKEN_PREFIX, sha256Hex } from "./tokens";

export interface TokenCaller {
  tokenId: number;
  kitchen: KitchenMembership;
  /** When the token was last used, as recorded: its use is written at most every 5 minutes. */
  lastUsedAt: string | null;
}

// A token's use is recorded at most this often, so most calls only read.
const LAST_USED_REFRESH_AFTER_MS = 5 * 60 * 1000;

/** The hash a token is stored under; null for a string that is no token of ours. */
export async function apiTokenHash(token: string): Promise<string | null> {
  return token.startsWith(API_TOKEN_PREFIX) ? sha256Hex(token) : null;
}

/** The active token of a hash with its kitchen: run on its own, or as the first statement of an API call's one batch. */
export function apiTokenQuery(db: Database, tokenHash: string) {
  return db
    .select({ tokenId: sql<number>`${apiTokens.id}`.as("token_id"), role: apiTokens.role, lastUsedAt: apiTokens.lastUsedAt, ...kitchenColumns })
    .from(apiTokens)
    .innerJoin(kitchens, eq(kitchens.id, apiTokens.kitchenId))
    .leftJoin(syncSettings, eq(syncSettings.kitchenId, kitchens.id))
    .leftJoin(newbookConnections, eq(newbookConnections.kitchenId, kitchens.id))
    .leftJoin(resosConnections, eq(resosConnections.kitchenId, kitchens.id))
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)));
}

export function tokenCallerOf(rows: Awaited<ReturnType<typeof apiTokenQuery>>): TokenCaller | null {
  const row = rows[0];
  const kitchen = row ? membershipOf(row, row.role) : null;
  return row && kitchen ? { tokenId: row.tokenId, kitchen, lastUsedAt: row.lastUsedAt } : null;
}

/** Records the token's use, unless it was recorded less than 5 minutes ago: null then. */
export function touchApiToken(db: Database, caller: TokenCaller, now: Date): Promise<unknown> | null {
  if (caller.lastUsedAt !== null && now.getTime() - Date.parse(caller.lastUsedAt) < LAST_USED_REFRESH_AFTER_MS) return null;
  return db.update(apiTokens).set({ lastUsedAt: now.toISOString() }).where(eq(apiTokens.id, caller.tokenId)).then(() => undefined);
}
