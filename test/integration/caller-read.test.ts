// A signed-in view and its caller in ONE D1 round trip (src/auth/caller-read.ts): the view's
// statements name their kitchen through a subquery that only yields it for a credential
// allowed to read it, so a bad session, a revoked token or a foreign kitchen reads nothing;
// a hint this isolate holds that is no longer true reads nothing either, and the view is
// read again with the truth.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../src/app";
import { scopedKitchen, type CallerCredential, type KitchenHint } from "../../src/auth/caller-read";
import { sha256Hex } from "../../src/auth/tokens";
import { chartRead } from "../../src/db/chart-read-model";
import { database, runBatch } from "../../src/db/client";
import { chartWindow } from "../../src/domain/chart-window";
import { todayInZone } from "../../src/domain/dates";
import { countingD1, type RoundTrips } from "../bench/counting-d1";
import { countRows, createApiToken, createKitchen, createUser, isoFromNow, request, signIn, tokenOf } from "./helpers";

const PASSWORD = "correct horse battery staple";
const NIGHT = "2026-03-10";
let own: number;
let foreign: number;
let userId: number;
let cookie: string;
let token: { id: number; token: string };

beforeAll(async () => {
  own = await createKitchen("own-inn", "Own Inn");
  foreign = await createKitchen("foreign-inn", "Foreign Inn");
  for (const [kitchenId, room] of [[own, "Own room"], [foreign, "Foreign room"]] as const) {
    await env.DB.prepare("INSERT INTO rooms (kitchen_id, site_id, name, sort_order) VALUES (?, '1', ?, 1)").bind(kitchenId, room).run();
    await env.DB.prepare("UPDATE sync_settings SET last_sync_at = ? WHERE kitchen_id = ?").bind(isoFromNow(-60_000), kitchenId).run();
  }
  // Both show names: a view that read them would log itself.
  await env.DB.prepare("UPDATE kitchens SET show_guest_names = 1").run();
  userId = await createUser("own@example.com", PASSWORD, [{ kitchenId: own, role: "manager" }]);
  cookie = await signIn("own@example.com", PASSWORD);
  token = await createApiToken(own, "manager");
});

const hintFor = (kitchenId: number, extra: Partial<KitchenHint> = {}): KitchenHint => ({
  kitchenId,
  timeZone: "Europe/London",
  showGuestNames: true,
  userId,
  apiTokenId: null,
  ...extra,
});

/** The chart's statements for one night under a credential and a hint, run as one batch: the rooms, the last sync and the access-log rows they wrote. */
async function readUnder(credential: CallerCredential, hint: KitchenHint) {
  const db = database(env.DB);
  const logBefore = await countRows("pii_access_log");
  const kitchen = scopedKitchen(credential, hint, new Date());
  const plan = chartRead(db, kitchen, chartWindow(NIGHT, 1), { userId: kitchen.userId, apiTokenId: kitchen.apiTokenId, view: "chart" }, new Date());
  const { input, lastSyncAt } = plan.read(await runBatch(db, plan.statements));
  return { rooms: input.rooms.map((room) => room.name), lastSyncAt, logged: (await countRows("pii_access_log")) - logBefore };
}

const session = async (slug: string | null): Promise<CallerCredential> => ({ kind: "session", tokenHash: await sha256Hex(tokenOf(cookie)), slug });

describe("statements scoped to a credential", () => {
  it("read the member's own kitchen, and log the view", async () => {
    const read = await readUnder(await session("own-inn"), hintFor(own));
    expect(read.rooms).toEqual(["Own room"]);
    expect(read.lastSyncAt).not.toBeNull();
    expect(read.logged).toBe(1);
  });

  it.each([
    ["a kitchen the session's user is no member of", async () => [await session("foreign-inn"), hintFor(foreign)] as const],
    ["a foreign kitchen's id under the member's own slug", async () => [await session("own-inn"), hintFor(foreign)] as const],
    ["a session no one has", async () => [{ kind: "session", tokenHash: await sha256Hex("no-such-session"), slug: "own-inn" }, hintFor(own)] as const],
    ["another user's id", async () => [await session("own-inn"), hintFor(own, { userId: userId + 1000 })] as const],
    ["a time zone the kitchen no longer has", async () => [await session("own-inn"), hintFor(own, { timeZone: "Asia/Tokyo" })] as const],
    ["names assumed on where they are off", async () => {
      await env.DB.prepare("UPDATE kitchens SET show_guest_names = 0 WHERE id = ?").bind(own).run();
      return [await session("own-inn"), hintFor(own)] as const;
    }],
    ["a token of the member's kitchen, asked for another", async () => [{ kind: "token", tokenHash: await sha256Hex(token.token), slug: null }, hintFor(foreign, { userId: null, apiTokenId: token.id })] as const],
    ["a token of the member's kitchen, naming another with X-Kitchen", async () => [{ kind: "token", tokenHash: await sha256Hex(token.token), slug: "foreign-inn" }, hintFor(own, { userId: null, apiTokenId: token.id })] as const],
  ] as const)("read nothing for %s", async (_label, arrange) => {
    const [credential, hint] = await arrange();
    try {
      expect(await readUnder(credential as CallerCredential, hint)).toEqual({ rooms: [], lastSyncAt: null, logged: 0 });
    } finally {
      await env.DB.prepare("UPDATE kitchens SET show_guest_names = 1").run();
    }
  });

  it("read nothing for an expired session or a revoked token", async () => {
    const tokenHint = hintFor(own, { userId: null, apiTokenId: token.id });
    expect((await readUnder({ kind: "token", tokenHash: await sha256Hex(token.token), slug: null }, tokenHint)).rooms).toEqual(["Own room"]);
    const extra = await createApiToken(own, "manager");
    await env.DB.prepare("UPDATE api_tokens SET revoked_at = ? WHERE id = ?").bind(isoFromNow(0), extra.id).run();
    expect(await readUnder({ kind: "token", tokenHash: await sha256Hex(extra.token), slug: null }, hintFor(own, { userId: null, apiTokenId: extra.id }))).toEqual({ rooms: [], lastSyncAt: null, logged: 0 });

    const expiring = await signIn("own@example.com", PASSWORD);
    const hash = await sha256Hex(tokenOf(expiring));
    await env.DB.prepare("UPDATE sessions SET idle_expires_at = ? WHERE token_hash = ?").bind(isoFromNow(-1000), hash).run();
    expect(await readUnder({ kind: "session", tokenHash: hash, slug: "own-inn" }, hintFor(own))).toEqual({ rooms: [], lastSyncAt: null, logged: 0 });
  });
});

/** A view through the app's fetch, counting its D1 round trips. */
async function counted(path: string, headers: Record<string, string>) {
  const trips: RoundTrips = { count: 0 };
  const response = await app.fetch(new Request(`http://localhost${path}`, { headers }), { ...env, DB: countingD1(env.DB, trips) }, { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext);
  return { response, trips: trips.count };
}

describe("a signed-in view", () => {
  it.each([
    ["Tonight", "/k/own-inn/tonight", "session"],
    ["the chart", "/k/own-inn/chart", "session"],
    ["the dashboard", "/k/own-inn", "session"],
    ["the chart's JSON", "/api/residents-table-chart", "token"],
    ["Tonight's JSON", "/api/service-sheet", "token"],
  ] as const)("%s is one D1 round trip once this isolate knows the kitchen", async (_name, path, via) => {
    const headers: Record<string, string> = via === "session" ? { cookie } : { authorization: `Bearer ${token.token}` };
    await counted(path, headers);
    const { response, trips } = await counted(path, headers);
    expect(response.status).toBe(200);
    expect(trips).toBe(1);
  });

  it("the live refresh's question (has the kitchen synced?) is one D1 round trip, with nothing of the kitchen to learn first", async () => {
    const member = await createUser("status@example.com", PASSWORD, [{ kitchenId: own, role: "manager" }]);
    expect(member).toBeGreaterThan(0);
    const fresh = await signIn("status@example.com", PASSWORD);
    const { response, trips } = await counted("/k/own-inn/chart/status", { cookie: fresh });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ last_sync_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    // A session's first page of a kitchen records it as its current one: that write is the
    // one more; this isolate has never seen the session, and yet no second read.
    expect(trips).toBe(2);
    expect((await counted("/k/own-inn/chart/status", { cookie: fresh })).trips).toBe(1);
  });

  it("a stranger's cookie reads no page, and a foreign kitchen answers like one that does not exist", async () => {
    const stranger = await counted("/k/own-inn/chart", { cookie: "kr_session=not-a-session" });
    expect(stranger.response.status).toBe(303);
    expect(stranger.response.headers.get("location")).toMatch(/^\/login\?next=/);
    const foreignPage = await counted("/k/foreign-inn/tonight", { cookie });
    expect(foreignPage.response.status).toBe(404);
    expect(await foreignPage.response.text()).not.toContain("Foreign Inn");
  });

  it("refuses a token naming another kitchen before anything of its own kitchen is read or logged", async () => {
    const logged = await countRows("pii_access_log");
    for (const path of ["/api/residents-table-chart", "/api/service-sheet"]) {
      const response = await request(path, { headers: { authorization: `Bearer ${token.token}`, "x-kitchen": "foreign-inn" } });
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ error: "This token belongs to the kitchen own-inn, not foreign-inn." });
    }
    expect(await countRows("pii_access_log")).toBe(logged);
  });

  it("refuses a caller who may not ask before judging the query (a stranger hears 401, not what was wrong with it)", async () => {
    const revoked = await createApiToken(own, "manager");
    await env.DB.prepare("UPDATE api_tokens SET revoked_at = ? WHERE id = ?").bind(isoFromNow(0), revoked.id).run();
    for (const path of ["/api/residents-table-chart?nights=x", "/api/service-sheet?date=2026-02-30"]) {
      expect((await request(path)).status, path).toBe(401);
      expect((await request(path, { headers: { authorization: `Bearer ${revoked.token}` } })).status, path).toBe(401);
      expect((await request(path, { cookie: "kr_session=not-a-session" })).status, path).toBe(401);
      expect((await request(path, { headers: { authorization: `Bearer ${token.token}`, "x-kitchen": "foreign-inn" } })).status, path).toBe(403);
      expect((await request(path, { headers: { authorization: `Bearer ${token.token}` } })).status, path).toBe(400);
    }
  });

  it("reads a session's API call without X-Kitchen for the kitchen it opened last, and logs that one only", async () => {
    const both = await createUser("both@example.com", PASSWORD, [
      { kitchenId: own, role: "manager" },
      { kitchenId: foreign, role: "manager" },
    ]);
    expect(both).toBeGreaterThan(0);
    const session = await signIn("both@example.com", PASSWORD);
    const logOf = (kitchenId: number) => countRows("pii_access_log", "kitchen_id = ? AND view = 'api'", kitchenId);
    for (const [slug, kitchenId, other] of [["own-inn", own, foreign], ["foreign-inn", foreign, own], ["own-inn", own, foreign]] as const) {
      expect((await request(`/k/${slug}`, { cookie: session })).status).toBe(200);
      const [mine, theirs] = [await logOf(kitchenId), await logOf(other)];
      const sheet = await request("/api/service-sheet", { cookie: session });
      expect(sheet.status).toBe(200);
      expect([await logOf(kitchenId), await logOf(other)]).toEqual([mine + 1, theirs]);
    }
  });

  it("follows a kitchen whose time zone changed since this isolate last read it", async () => {
    const zoned = await createKitchen("zoned-inn", "Zoned Inn", "Etc/GMT+12");
    const zonedToken = await createApiToken(zoned, "manager");
    const dateOf = async () => {
      const response = await request("/api/service-sheet", { headers: { authorization: `Bearer ${zonedToken.token}` } });
      expect(response.status).toBe(200);
      return (await response.json<{ date: string }>()).date;
    };
    expect(await dateOf()).toBe(todayInZone("Etc/GMT+12", new Date()));
    // Twenty-six hours apart: the kitchen's today is another date whatever the hour.
    await env.DB.prepare("UPDATE kitchens SET time_zone = 'Etc/GMT-14' WHERE id = ?").bind(zoned).run();
    expect(await dateOf()).toBe(todayInZone("Etc/GMT-14", new Date()));
  });
});
