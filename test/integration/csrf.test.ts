// Cross-site request forgery: an unsafe request that could carry the session cookie (it does,
// or it is a sign-in) must come from a page of this site, a matching Origin or Sec-Fetch-Site:
// same-origin, whatever its content type. A bearer-token request without the cookie has
// nothing a foreign page could borrow, and needs neither. Each request here carries only
// the headers its case is about.
import { beforeAll, describe, expect, it } from "vitest";
import { connectNewbook, countRows, createApiToken, createKitchen, createUser, form, ORIGIN, request, sessionRowFor, signIn, waitForRunEnd } from "./helpers";

const PASSWORD = "correct horse battery staple";
const EMAIL = "csrf-admin@example.com";
const REFUSED = "did not come from a page of this site";
const DASHBOARD = "/k/csrf-kitchen";
let kitchenId: number;

beforeAll(async () => {
  kitchenId = await createKitchen("csrf-kitchen", "Crossroads Inn");
  await connectNewbook(kitchenId);
  await createUser(EMAIL, PASSWORD, [{ kitchenId, role: "admin" }]);
});

function postLogin(password: string, headers: Record<string, string> = {}): Promise<Response> {
  return request("/login", { method: "POST", body: form({ email: EMAIL, password }), headers });
}

describe("form posts from elsewhere", () => {
  it("refuses a sign-in without Origin or Sec-Fetch-Site, with a readable page and no session", async () => {
    const sessionsBefore = await countRows("sessions");
    const response = await postLogin(PASSWORD);
    expect(response.status).toBe(403);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain("Request refused");
    expect(html).toContain(REFUSED);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(await countRows("sessions")).toBe(sessionsBefore);
  });

  it.each(["https://evil.example", "null", "http://localhost:8787", "https://localhost", "http://localhost.evil.example"])(
    "refuses a sign-in with the foreign Origin %s",
    async (origin) => {
      const sessionsBefore = await countRows("sessions");
      const response = await postLogin(PASSWORD, { origin });
      expect(response.status).toBe(403);
      expect(await response.text()).toContain(REFUSED);
      expect(await countRows("sessions")).toBe(sessionsBefore);
    },
  );

  it("refuses Sec-Fetch-Site: cross-site without Origin", async () => {
    const response = await postLogin(PASSWORD, { "sec-fetch-site": "cross-site" });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain(REFUSED);
  });

  it("lets Sec-Fetch-Site: same-origin through without Origin (the handler answers)", async () => {
    const wrong = await postLogin("not the password", { "sec-fetch-site": "same-origin" });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain("That email and password do not match.");

    const right = await postLogin(PASSWORD, { "sec-fetch-site": "same-origin" });
    expect(right.status).toBe(303);
  });

  it("lets a browser's own form post through: Origin null (no-referrer) with Sec-Fetch-Site: same-origin", async () => {
    const response = await postLogin("not the password", { origin: "null", "sec-fetch-site": "same-origin" });
    expect(response.status).toBe(401);
  });

  it("refuses a foreign Origin whose Sec-Fetch-Site says cross-site", async () => {
    const response = await postLogin(PASSWORD, { origin: "https://evil.example", "sec-fetch-site": "cross-site" });
    expect(response.status).toBe(403);
  });

  it("lets a matching Origin through", async () => {
    const response = await postLogin("not the password", { origin: ORIGIN });
    expect(response.status).toBe(401);
  });
});

describe("sign-out from elsewhere", () => {
  it("refuses POST /logout without Origin and leaves the session working", async () => {
    const cookie = await signIn(EMAIL, PASSWORD);
    const response = await request("/logout", { method: "POST", cookie });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain(REFUSED);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(await sessionRowFor(cookie)).not.toBeNull();

    const dashboard = await request(DASHBOARD, { cookie });
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toContain("<h1>Crossroads Inn</h1>");
  });

  it("refuses POST /logout from a foreign Origin", async () => {
    const cookie = await signIn(EMAIL, PASSWORD);
    const response = await request("/logout", { method: "POST", cookie, headers: { origin: "https://evil.example" } });
    expect(response.status).toBe(403);
    expect(await sessionRowFor(cookie)).not.toBeNull();
  });
});

describe("the JSON API", () => {
  it("refuses a cookie request from a foreign Origin whatever its content type, JSON included, as JSON", async () => {
    const cookie = await signIn(EMAIL, PASSWORD);
    const runsBefore = await countRows("sync_runs", "kitchen_id = ?", kitchenId);
    for (const contentType of ["application/json", "text/plain", "application/x-www-form-urlencoded"]) {
      const response = await request("/api/newbook/sync/historical", {
        method: "POST",
        cookie,
        headers: { origin: "https://evil.example", "content-type": contentType },
        body: JSON.stringify({ date_from: "2026-01-01", date_to: "2026-01-02" }),
      });
      expect(response.status, contentType).toBe(403);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      expect(await response.json()).toEqual({ error: expect.stringContaining(REFUSED) });
    }
    expect(await countRows("sync_runs", "kitchen_id = ?", kitchenId)).toBe(runsBefore);
  });

  it("refuses a cookie request without Origin, even with a bearer token beside the cookie", async () => {
    const cookie = await signIn(EMAIL, PASSWORD);
    const { token } = await createApiToken(kitchenId, "admin");
    const response = await request("/api/newbook/sync/upcoming", { method: "POST", cookie, headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(403);
  });

  it("takes a bearer-token POST with no Origin and no body (the README's curl): 202", async () => {
    const { token } = await createApiToken(kitchenId, "admin");
    const response = await request("/api/newbook/sync/upcoming", { method: "POST", headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(202);
    expect(await waitForRunEnd(kitchenId)).toMatchObject({ kind: "manual", status: "success" });
  });

  it("still refuses an unknown bearer token without Origin, as 401 JSON", async () => {
    const response = await request("/api/newbook/sync/upcoming", { method: "POST", headers: { authorization: "Bearer kr_not-a-token" } });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: "The bearer token is unknown or revoked." });
  });

  it("explains a refusal as JSON under /api/", async () => {
    const response = await request("/api/kitchen", { method: "POST", body: "x" });
    expect(response.status).toBe(403);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const body = await response.json<{ error: string }>();
    expect(body.error).toContain(REFUSED);
  });
});
