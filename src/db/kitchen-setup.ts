// Read models for what a kitchen has configured: the dashboard's set-up card and the
// settings page. Each page reads everything it shows in one D1 batch.
import { and, asc, desc, eq, gte, sql } from "drizzle-orm";
import { kitchenRef, type Database, type KitchenRef } from "./client";
import type { SyncRunStatus } from "../domain/sync-run";
import { resosSettingsOf, type ResosSettings } from "./resos-connection";
import type { SyncRunRow } from "./run-store";
import { apiTokens, mealRules, newbookConnections, resosConnections, roomCategories, roomNights, syncRuns, syncSettings } from "./schema";

export interface KitchenSetup {
  newbook: { region: string; updatedAt: string } | null;
  resos: { updatedAt: string } | null;
  sync: {
    enabled: boolean;
    intervalMinutes: number;
    daysAhead: number;
    /** The last success; lastAttemptAt and lastSyncStatus are the newest run's. */
    lastSyncAt: string | null;
    lastAttemptAt: string | null;
    lastSyncStatus: SyncRunStatus | null;
    lastErrorMessage: string | null;
    consecutiveFailures: number;
    nextDueAt: string | null;
    alertWebhookUrl: string | null;
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

export interface CategorySetting {
  categoryId: string;
  name: string;
  includeInCounts: boolean;
}

/** What the stored room-nights from today on say about meal plans: the rules' effect, for the preview. */
export interface DetectedMeals {
  roomNights: number;
  dinner: number;
  breakfast: number;
  package: number;
}

export interface SettingsPageData {
  setup: KitchenSetup;
  tokens: ApiTokenSummary[];
  mealRulesJson: string | null;
  categories: CategorySetting[];
  detected: DetectedMeals;
  recentRuns: SyncRunRow[];
  /** The resOS mapping and the restaurant as last read; null without resOS. */
  resos: ResosSettings | null;
}

/** The three queries behind KitchenSetup, to put in a page's batch; toSetup reads their rows. */
export function setupQueries(db: Database, kitchen: KitchenRef) {
  return [
    db
      .select({ region: newbookConnections.region, updatedAt: newbookConnections.updatedAt })
      .from(newbookConnections)
      .where(eq(newbookConnections.kitchenId, kitchen.sql)),
    db.select({ updatedAt: resosConnections.updatedAt }).from(resosConnections).where(eq(resosConnections.kitchenId, kitchen.sql)),
    db
      .select({
        enabled: syncSettings.enabled,
        intervalMinutes: syncSettings.intervalMinutes,
        daysAhead: syncSettings.daysAhead,
        lastSyncAt: syncSettings.lastSyncAt,
        lastAttemptAt: syncSettings.lastAttemptAt,
        lastSyncStatus: syncSettings.lastSyncStatus,
        lastErrorMessage: syncSettings.lastErrorMessage,
        consecutiveFailures: syncSettings.consecutiveFailures,
        nextDueAt: syncSettings.nextDueAt,
        alertWebhookUrl: syncSettings.alertWebhookUrl,
      })
      .from(syncSettings)
      .where(eq(syncSettings.kitchenId, kitchen.sql)),
  ] as const;
}

export function toSetup(newbook: KitchenSetup["newbook"][], resos: KitchenSetup["resos"][], sync: KitchenSetup["sync"][]): KitchenSetup {
  return { newbook: newbook[0] ?? null, resos: resos[0] ?? null, sync: sync[0] ?? null };
}

export const RECENT_RUNS_SHOWN = 10;

export async function loadSettingsPage(db: Database, kitchenId: number, today: string): Promise<SettingsPageData> {
  const [newbook, resos, sync, tokens, rules, categories, detected, recentRuns, restaurant] = await db.batch([
    ...setupQueries(db, kitchenRef(kitchenId)),
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
    db.select({ rulesJson: mealRules.rulesJson }).from(mealRules).where(eq(mealRules.kitchenId, kitchenId)),
    db
      .select({ categoryId: roomCategories.categoryId, name: roomCategories.name, includeInCounts: roomCategories.includeInCounts })
      .from(roomCategories)
      .where(eq(roomCategories.kitchenId, kitchenId))
      .orderBy(asc(roomCategories.name)),
    db
      .select({
        roomNights: sql<number>`count(*)`,
        dinner: sql<number>`coalesce(sum(${roomNights.dinner}), 0)`,
        breakfast: sql<number>`coalesce(sum(${roomNights.breakfast}), 0)`,
        package: sql<number>`coalesce(sum(${roomNights.package}), 0)`,
      })
      .from(roomNights)
      .where(and(eq(roomNights.kitchenId, kitchenId), gte(roomNights.night, today))),
    db.select().from(syncRuns).where(eq(syncRuns.kitchenId, kitchenId)).orderBy(desc(syncRuns.id)).limit(RECENT_RUNS_SHOWN),
    db.select().from(resosConnections).where(eq(resosConnections.kitchenId, kitchenId)),
  ]);
  return {
    setup: toSetup(newbook, resos, sync),
    tokens,
    mealRulesJson: rules[0]?.rulesJson ?? null,
    categories,
    detected: detected[0] ?? { roomNights: 0, dinner: 0, breakfast: 0, package: 0 },
    recentRuns,
    resos: restaurant[0] ? resosSettingsOf(restaurant[0]) : null,
  };
}

/** The ids of `ids` the kitchen has no room category for (its categories come with the rooms, from Newbook). */
export async function unknownCategoryIds(db: Database, kitchenId: number, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const known = await db.select({ categoryId: roomCategories.categoryId }).from(roomCategories).where(eq(roomCategories.kitchenId, kitchenId));
  const ours = new Set(known.map((row) => row.categoryId));
  return [...new Set(ids)].filter((id) => !ours.has(id));
}
