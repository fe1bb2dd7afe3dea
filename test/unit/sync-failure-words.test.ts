import { describe, expect, it } from "vitest";
import { finishedWords } from "../../src/views/settings/sync-section";
import { needsNewCredentials, plainSyncFailure } from "../../src/views/sync-failure-words";

describe("plainSyncFailure", () => {
  it.each([
    ["Newbook answered sites_list with HTTP 500.", "Newbook had a server error while we fetched the rooms (HTTP 500)."],
    ["Newbook answered bookings_list with HTTP 404.", "Newbook refused our request for the bookings (HTTP 404)."],
    ["resOS answered /bookings with HTTP 503: Service Unavailable.", "resOS had a server error while we fetched the table bookings (HTTP 503)."],
    ["Newbook did not answer reports_occupancy within 20 s.", "Newbook took too long to answer while we fetched the daily occupancy."],
    ["resOS did not finish answering /openingHours within 20 s.", "resOS took too long to answer while we fetched the opening hours."],
    ["Could not reach Newbook for sites_list: connection refused", "We could not reach Newbook: the connection failed."],
    ["Newbook rejected the username/password.", "Newbook refused the stored username and password: they must be entered again in Settings."],
    ["resOS rejected the API key.", "resOS refused the stored API key: it must be entered again in Settings."],
    ["Newbook is limiting requests (HTTP 429); the sync will wait and retry.", "Newbook is busy and asked us to slow down; the sync tries again by itself."],
    [
      "Newbook calls for this login are at their limit of 100 a minute, shared by 3 kitchens: the next free turn is more than 60 s away, so we stopped rather than be refused by Newbook.",
      "Newbook calls for this login are at their limit of 100 a minute, shared by 3 kitchens. The sync tries again by itself.",
    ],
    [
      "resOS calls for this API key are at their limit of 100 a minute, all taken by this kitchen: the next free turn is more than 60 s away, so we stopped rather than be refused by resOS.",
      "resOS calls for this API key are at their limit of 100 a minute, all taken by this kitchen. The sync tries again by itself.",
    ],
    ["Newbook answered bookings_list with a body that is not JSON (text/html).", "Newbook sent an answer we could not read while we fetched the bookings."],
    ["resOS answered /customFields with an object where a list was expected.", "resOS sent an answer we could not read while we fetched the booking fields."],
    ["Newbook kept sending pages of bookings_list past 50; stopped.", "Newbook kept sending more pages of the bookings than a hotel has, so we stopped."],
    ["Newbook refused sites_list: Invalid region", "Newbook refused our request for the rooms: Invalid region"],
    ["The stored resOS API key could not be read: enter it again in Settings.", "The stored resOS API key can no longer be read: it must be entered again in Settings."],
    ["The sync failed inside Kitchen Residents: boom", "The last sync failed."],
  ])("%s", (stored, plain) => {
    expect(plainSyncFailure(stored)).toBe(plain);
  });

  it("says nothing without an error", () => {
    expect(plainSyncFailure(null)).toBeNull();
    expect(plainSyncFailure("  ")).toBeNull();
  });

  it("knows which failures wait for an admin's new credentials", () => {
    expect(needsNewCredentials("Newbook rejected the username/password.")).toBe(true);
    expect(needsNewCredentials("resOS rejected the API key.")).toBe(true);
    expect(needsNewCredentials("Newbook answered sites_list with HTTP 500.")).toBe(false);
    expect(needsNewCredentials(null)).toBe(false);
  });
});

describe("finishedWords", () => {
  const run = (status: "success" | "partial" | "failed", errorMessage: string | null) => ({ status, errorMessage, rowsWritten: 412 }) as Parameters<typeof finishedWords>[0];

  it("says how a followed run ended, in plain words", () => {
    expect(finishedWords(run("success", null))).toEqual({ text: "The sync has finished: 412 rows written, the pages show the new data.", failed: false });
    expect(finishedWords(run("partial", "resOS rejected the API key."))).toEqual({
      text: "The sync finished, but part of it failed: resOS refused the stored API key: it must be entered again in Settings. The rest was saved.",
      failed: true,
    });
    expect(finishedWords(run("failed", "Newbook answered sites_list with HTTP 502."))).toEqual({
      text: "The sync failed: Newbook had a server error while we fetched the rooms (HTTP 502). The data from before is kept.",
      failed: true,
    });
  });
});
