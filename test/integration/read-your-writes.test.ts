// Reads go through D1's Sessions API (src/routes/d1-session.ts): a write reads and writes the
// primary and answers with a bookmark taken from the primary after it, a read starts anywhere
// unless the caller brings a bookmark, and every answer hands its bookmark back (a cookie for
// pages, X-D1-Bookmark for the API), so the next read starts where the caller's own write
// left the database and shows it.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../src/app";
import { BOOKMARK_COOKIE } from "../../src/routes/d1-session";
import { createApiToken, createKitchen, createUser, ORIGIN, signIn } from "./helpers";

const PASSWORD = "correct horse battery staple";
let cookie: string;
let token: string;

beforeAll(async () => {
  const kitchenId = await createKitchen("bookmark-inn", "Bookmark Inn");
  await createUser("bookmarks@example.com", PASSWORD, [{ kitchenId, role: "admin" }]);
  cookie = await signIn("bookmarks@example.com", PASSWORD);
  token = (await createApiToken(kitchenId, "admin")).token;
});

/** The app's fetch on the real local D1, recording where each request's D1 session started. */
async function fetchRecording(path: string, init: RequestInit = {}) {
  const starts: (string | undefined)[] = [];
  const DB = new Proxy(env.DB, {
    get(target, property) {
      if (property === "withSession") {
        return (start?: string) => {
          starts.push(start);
          return target.withSession(start);
        };
      }
      const value = Reflect.get(target, property) as unknown;
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  const response = await app.fetch(new Request(new URL(path, ORIGIN), { redirect: "manual", ...init }), { ...env, DB }, {
    waitUntil() {},
    passThroughOnException() {},
    props: {},
  } as unknown as ExecutionContext);
  return { response, starts };
}

const bookmarkCookie = (response: Response) =>
  response.headers
    .getSetCookie()
    .find((line) => line.startsWith(`${BOOKMARK_COOKIE}=`))
    ?.split(";")[0];

describe("a person's own change, then a page", () => {
  it("answers the change with the primary's bookmark after it, and the next page starts there and shows it", async () => {
    const change = await fetchRecording("/k/bookmark-inn/settings/privacy", {
      method: "POST",
      headers: { cookie, origin: ORIGIN },
      body: new URLSearchParams({ show_guest_names: "on" }),
    });
    expect(change.response.status).toBe(303);
    // The change itself ran on the database (the primary); only its closing bookmark is a session's.
    expect(change.starts).toEqual(["first-primary"]);
    const bookmark = bookmarkCookie(change.response);
    expect(bookmark).toMatch(new RegExp(`^${BOOKMARK_COOKIE}=[0-9a-f-]+$`));
    expect(change.response.headers.getSetCookie().find((line) => line.startsWith(`${BOOKMARK_COOKIE}=`))).toMatch(/HttpOnly; SameSite=Lax$/);

    const page = await fetchRecording("/k/bookmark-inn/settings", { headers: { cookie: `${cookie}; ${bookmark}` } });
    expect(page.response.status).toBe(200);
    expect(page.starts).toEqual([bookmark!.slice(BOOKMARK_COOKIE.length + 1)]);
    expect(await page.response.text()).toMatch(/<input type="checkbox" name="show_guest_names" value="on" checked=""/);
  });

  it("reads anywhere without a bookmark, and ignores one that is not D1's", async () => {
    for (const given of ["", `; ${BOOKMARK_COOKIE}=not-a-bookmark`, `; ${BOOKMARK_COOKIE}=00000000-0000000c-00000000-0000'; DROP TABLE kitchens`]) {
      const page = await fetchRecording("/k/bookmark-inn", { headers: { cookie: `${cookie}${given}` } });
      expect(page.response.status).toBe(200);
      expect(page.starts).toEqual(["first-unconstrained"]);
    }
  });
});

describe("a script's own change, then a read (curl with a bearer token, no Origin)", () => {
  it("answers the change with X-D1-Bookmark, and a read that sends it back starts there and shows the change", async () => {
    const change = await fetchRecording("/api/settings/newbook-frequent-sync", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ sync_interval_minutes: 30 }),
    });
    expect(change.response.status).toBe(200);
    expect(change.starts).toEqual(["first-primary"]);
    const bookmark = change.response.headers.get("x-d1-bookmark");
    expect(bookmark).toMatch(/^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{32}$/);
    // A script gets the header, not a cookie.
    expect(bookmarkCookie(change.response)).toBeUndefined();

    const read = await fetchRecording("/api/settings/newbook-frequent-sync", { headers: { authorization: `Bearer ${token}`, "x-d1-bookmark": bookmark! } });
    expect(read.response.status).toBe(200);
    expect(read.starts).toEqual([bookmark]);
    expect((await read.response.json<{ sync_interval_minutes: number }>()).sync_interval_minutes).toBe(30);
  });
});
