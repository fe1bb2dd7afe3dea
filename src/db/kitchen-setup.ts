// Read models for what a kitchen has configured: the dashboard's set-up card and the
// settings page. Each page reads everything it shows in one D1 batch.
import { desc, eq } from "drizzle-orm";
import type { Database } from "./client";
import { apiTokens, newbookConnections, resosConnections, syncSettings } from "./schema";

export interface KitchenSetup {
  newbook: { region: string; updatedAt: string } | null;
  resos: { updatedAt: string } | null;
  sync: {
    enabled: boolean;
    intervalMinutes: number;
    daysAhead: number;
    lastSyncAt: string | null;
    lastSyncStatus: "running" | "success" | "failed" | null;
    lastErrorMessage: string | null;
    consecutiveFailures: number;
    nextDueAt: string | null;
  } | null;
}

export interface ApiTokenSummary {
  id: number;
  role: "manager" | "admin";
  label: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

function setupQueries(db: Database, kitchenId: number) {
  return [
    db
      .select({ region: newbookConnections.region, updatedAt: newbookConnections.updatedAt })
      .from(newbookConnections)
      .where(eq(newbookConnections.kitchenId, kitchenId)),
    db.select({ updatedAt: resosConnections.updatedAt }).from(resosConnections).where(eq(resosConnections.kitchenId, kitchenId)),
    db
      .select({
        enabled: syncSettings.enabled,
        intervalMinutes: syncSettings.intervalMinutes,
        daysAhead: syncSettings.daysAhead,
        lastSyncAt: syncSettings.lastSyncAt,
        lastSyncStatus: syncSettings.lastSyncStatus,
        lastErrorMessage: syncSettings.lastErrorMessage,
        consecutiveFailures: syncSettings.consecutiveFailures,
        nextDueAt: syncSettings.nextDueAt,
      })
      .from(syncSettings)
      .where(eq(syncSettings.kitchenId, kitchenId)),
  ] as const;
}

export async function loadKitchenSetup(db: Database, kitchenId: number): Promise<KitchenSetup> {
  const [newbook, resos, sync] = await db.batch(setupQueries(db, kitchenId));
  return { newbook: newbook[0] ?? null, resos: resos[0] ?? null, sync: sync[0] ?? null };
}

export async function loadSettingsPage(
  db: Database,
  kitchenId: number,
): Promise<{ setup: KitchenSetup; tokens: ApiTokenSummary[] }> {
  const [newbook, resos, sync, tokens] = await db.batch([
    ...setupQueries(db, kitchenId),
    db
      .select({
        id: apiTokens.id,
        role: apiTokens.role,
        label: apiTokens.label,
        createdAt: apiTokens.createdAt,
        lastUsedAt: apiTokens.lastUsedAt,
        revokedAt: apiTokens.revokedAt,
      })
      .from(apiTokens)
      .where(eq(apiTokens.kitchenId, kitchenId))
      .orderBy(desc(apiTokens.createdAt)),
  ]);
  return { setup: { newbook: newbook[0] ?? null, resos: resos[0] ?? null, sync: sync[0] ?? null }, tokens };
}
