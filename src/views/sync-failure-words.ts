// What a failed sync means, in a chef's words, for the banner on every page. The stored
// error is the technical sentence History shows ("Newbook answered sites_list with HTTP
// 500."); this turns the ones the clients write into what happened and what comes next.
// A sentence it does not know says only that the sync failed: History has the rest.

const WHAT: Record<string, string> = {
  sites_list: "the rooms",
  bookings_list: "the bookings",
  reports_occupancy: "the daily occupancy",
  gl_account_list: "the meal accounts",
  auth_test: "a test of the connection",
  "/bookings": "the table bookings",
  "/customFields": "the booking fields",
  "/openingHours": "the opening hours",
};

const whatOf = (call: string) => WHAT[call] ?? "its data";

const PLAIN: { pattern: RegExp; words: (source: string, match: RegExpExecArray) => string }[] = [
  {
    pattern: /^(Newbook|resOS) answered (\S+) with HTTP (\d{3})/,
    words: (source, [, , call, status]) =>
      Number(status) >= 500
        ? `${source} had a server error while we fetched ${whatOf(call!)} (HTTP ${status}).`
        : `${source} refused our request for ${whatOf(call!)} (HTTP ${status}).`,
  },
  { pattern: /^(Newbook|resOS) did not (?:finish )?answer(?:ing)? (\S+) within/, words: (source, [, , call]) => `${source} took too long to answer while we fetched ${whatOf(call!)}.` },
  { pattern: /^Could not reach (Newbook|resOS)/, words: (source) => `We could not reach ${source}: the connection failed.` },
  { pattern: /^(resOS)'s answer to (\S+) broke off/, words: (source, [, , call]) => `${source}'s answer broke off while we fetched ${whatOf(call!)}.` },
  { pattern: /^(Newbook) rejected the username\/password/, words: (source) => `${source} refused the stored username and password: they must be entered again in Settings.` },
  { pattern: /^(resOS) rejected the API key/, words: (source) => `${source} refused the stored API key: it must be entered again in Settings.` },
  { pattern: /^(Newbook|resOS) (calls for this (?:login|API key) are at their limit of [^:]*):/, words: (source, [, , limit]) => `${source} ${limit}. The sync tries again by itself.` },
  { pattern: /^(Newbook|resOS) is limiting requests/, words: (source) => `${source} is busy and asked us to slow down; the sync tries again by itself.` },
  { pattern: /^(Newbook|resOS)(?:'s answer to| answered) (\S+)/, words: (source, [, , call]) => `${source} sent an answer we could not read while we fetched ${whatOf(call!)}.` },
  { pattern: /^(Newbook|resOS) kept sending (?:full )?pages of (\S+)/, words: (source, [, , call]) => `${source} kept sending more pages of ${whatOf(call!)} than a hotel has, so we stopped.` },
  { pattern: /^(Newbook) refused (\S+): (.*)$/, words: (source, [, , call, reason]) => `${source} refused our request for ${whatOf(call!)}: ${reason}` },
  { pattern: /^The stored (Newbook credentials|resOS API key) could not be read/, words: (_, [, what]) => `The stored ${what} can no longer be read: ${what!.endsWith("key") ? "it" : "they"} must be entered again in Settings.` },
];

/** The last error of a kitchen's sync, as the banner says it; null when there is nothing to say. */
export function plainSyncFailure(lastError: string | null): string | null {
  if (lastError === null || lastError.trim() === "") return null;
  for (const { pattern, words } of PLAIN) {
    const match = pattern.exec(lastError.trim());
    if (match) return words(match[1]!, match);
  }
  return "The last sync failed.";
}

/** The failure needs an admin to act in Settings (credentials), rather than waiting for the next try. */
export function needsNewCredentials(lastError: string | null): boolean {
  return lastError !== null && /rejected the (username\/password|API key)|could not be read: enter/.test(lastError);
}
