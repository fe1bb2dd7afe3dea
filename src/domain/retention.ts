// How long a kitchen keeps its guests' personal data (names, contact details, notes and
// dietary needs) on past nights. The numbers of those nights (pax, meal plans, tables and
// covers, daily totals) are kept for good.
import { addDays } from "./dates";

export const DEFAULT_RETENTION_DAYS = 90;
/** A week at least: a kitchen looks back at last week's service. */
export const MIN_RETENTION_DAYS = 7;
/** Ten years at most. */
export const MAX_RETENTION_DAYS = 3650;

/**
 * The first night whose personal data is kept, for a kitchen whose today is `today`:
 * a night exactly `retentionDays` ago is kept, the night before it is not.
 */
export function keptFrom(today: string, retentionDays: number): string {
  return addDays(today, -retentionDays);
}

/**
 * The nights a purge has to clear, `[from, before)`, given how far earlier purges reached
 * (null: never purged): none when the kitchen's cutoff has not moved past it (retention
 * made longer keeps nothing that was cleared already).
 */
export function nightsToPurge(purgedBefore: string | null, before: string): { from: string | null; before: string } | null {
  if (purgedBefore !== null && purgedBefore >= before) return null;
  return { from: purgedBefore, before };
}

/** The daily cron of the purge (wrangler.toml's second trigger): 02:30 UTC, a quiet hour for a kitchen. */
export const RETENTION_PURGE_CRON = "30 2 * * *";
