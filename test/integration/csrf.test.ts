// Unsafe requests must come from a page of this site: a matching Origin, or Sec-Fetch-Site: same-origin.
import { beforeAll, describe, expect, it } from "vitest";
import { countRows, createKitchen, createUser, form, request, sessionRowFor, signIn } from "./helpers";

const PASSWORD = "correct horse battery staple";
const EMAIL = "csrf-admin@example.com";
const REFUSED = "did not come from a page of this site";
const DASHBOARD = "/k/csrf-kitchen";

beforeAll(async () => {
  const kitchenId = await createKitchen("csrf-kitchen", "Crossroads Inn");
  await createUser(EMAIL, PASSWORD, [{ kitchenId, role: "admin" }]);
});

function postLogin(password: string, init: { origin?: string | null; headers?: Record<string, string> }): Promise<Response> {
  return request("/login", { method: "POST", body: form({ email: EMAIL, password }), ...init });
}

describe("form posts from elsewhere", () => {
  it("refuses a sign-in without Origin or Sec-Fetch-Site, with a readable page and no session", async () => {
    const sessionsBefore = await countRows("sessions");
    const response = await postLogin(PASSWORD, { origin: null });
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
    const response = await postLogin(PASSWORD, { origin: null, headers: { "sec-fetch-site": "cross-site" } });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain(REFUSED);
  });

  it("lets Sec-Fetch-Site: same-origin through without Origin (the handler answers)", async () => {
    const wrong = await postLogin("not the password", { origin: null, headers: { "sec-fetch-site": "same-origin" } });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain("That email and password do not match.");

    const right = await postLogin(PASSWORD, { origin: null, headers: { "sec-fetch-site": "same-origin" } });
    expect(right.status).toBe(303);
  });

  it("lets a matching Origin through", async () => {
    const response = await postLogin("not the password", { origin: "http://localhost" });
    expect(response.status).toBe(401);
  });
});

describe("sign-out from elsewhere", () => {
  it("refuses POST /logout without Origin and leaves the session working", async () => {
    const cookie = await signIn(EMAIL, PASSWORD);
    const response = await request("/logout", { method: "POST", cookie, origin: null });
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
    const response = await request("/logout", { method: "POST", cookie, origin: "https://evil.example" });
    expect(response.status).toBe(403);
    expect(await sessionRowFor(cookie)).not.toBeNull();
  });
});

describe("the JSON API", () => {
  it("explains the refusal as JSON under /api/", async () => {
    const response = await request("/api/kitchen", { method: "POST", body: "x", origin: null });
    expect(response.status).toBe(403);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const body = await response.json<{ error: string }>();
    expect(body.error).toContain(REFUSED);
  });
});
