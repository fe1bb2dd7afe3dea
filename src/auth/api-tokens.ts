// API tokens: each belongs to one kitchen and one role and selects the kitchen the JSON API
// acts on. Created and revoked with the admin CLI.
import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../db/client";
import { apiTokens, kitchens, newbookConnections, resosConnections, syncSettings } from "../db/schema";
import { kitchenColumns, membershipOf, type KitchenMembership } from "./sessions";
import { API_TOKEN_PREFIX, sha256Hex } from "./tokens";

export interface TokenCaller {
  tokenId: number;
  kitchen: KitchenMembership;
}

/** Null for a malformed, unknown or revoked token. */
export async function findActiveApiToken(db: Database, token: string): Promise<TokenCaller | null> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  const [row] = await db
    .select({ tokenId: apiTokens.id, role: apiTokens.role, ...kitchenColumns })
    .from(apiTokens)
    .innerJoin(kitchens, eq(kitchens.id, apiTokens.kitchenId))
    .leftJoin(syncSettings, eq(syncSettings.kitchenId, kitchens.id))
    .leftJoin(newbookConnections, eq(newbookConnections.kitchenId, kitchens.id))
    .leftJoin(resosConnections, eq(resosConnections.kitchenId, kitchens.id))
    .where(and(eq(apiTokens.tokenHash, await sha256Hex(token)), isNull(apiTokens.revokedAt)));
  const kitchen = row ? membershipOf(row, row.role) : null;
  return row && kitchen ? { tokenId: row.tokenId, kitchen } : null;
}

export async function touchApiToken(db: Database, tokenId: number, now: Date): Promise<void> {
  await db.update(apiTokens).set({ lastUsedAt: now.toISOString() }).where(eq(apiTokens.id, tokenId));
}
