// Who the JSON API acts for: a bearer token (its kitchen and role), else the session's current kitchen.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { newApiToken } from "../../src/auth/tokens";
import { createApiToken, createKitchen, createUser, pollUntil, request, signIn } from "./helpers";

const PASSWORD = "correct horse battery staple";
const EMAIL = "api-user@example.com";
// Zeta is created first so that "first by name" (Alpha) differs from "first by id" (Zeta).
const ZETA = { slug: "api-zeta", name: "Zeta Grill", timeZone: "Europe/Paris", id: 0 };
const ALPHA = { slug: "api-alpha", name: "Alpha Bistro", timeZone: "Europe/London", id: 0 };

beforeAll(async () => {
  ZETA.id = await createKitchen(ZETA.slug, ZETA.name, ZETA.timeZone);
  ALPHA.id = await createKitchen(ALPHA.slug, ALPHA.name, ALPHA.timeZone);
  await createUser(EMAIL, PASSWORD, [
    { kitchenId: ZETA.id, role: "admin" },
    { kitchenId: ALPHA.id, role: "manager" },
  ]);
});

function getKitchen(init: { bearer?: string; authorization?: string; cookie?: string } = {}): Promise<Response> {
  const headers = new Headers();
  if (init.bearer !== undefined) headers.set("authorization", `Bearer ${init.bearer}`);
  if (init.authorization !== undefined) headers.set("authorization", init.authorization);
  return request("/api/kitchen", { headers, cookie: init.cookie });
}

async function lastUsedAt(tokenId: number): Promise<string | null> {
  const row = await env.DB.prepare("SELECT last_used_at FROM api_tokens WHERE id = ?").bind(tokenId).first<{ last_used_at: string | null }>();
  return row!.last_used_at;
}

async function expectInvalidToken(response: Response): Promise<void> {
  expect(response.status).toBe(401);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  expect(response.headers.get("www-authenticate")).toMatch(/^Bearer\b/);
  expect(response.headers.get("www-authenticate")).toContain('error="invalid_token"');
  expect(await response.json()).toEqual({ error: expect.stringMatching(/\S/) });
}

describe("bearer tokens", () => {
  it.each([
    { kitchen: ZETA, role: "manager" as const },
    { kitchen: ALPHA, role: "admin" as const },
  ])("act on the token's kitchen ($kitchen.slug) with the token's role ($role)", async ({ kitchen, role }) => {
    const { id, token } = await createApiToken(kitchen.id, role);
    expect(await lastUsedAt(id)).toBeNull();

    const response = await getKitchen({ bearer: token });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ slug: kitchen.slug, name: kitchen.name, time_zone: kitchen.timeZone, role, auth: "token" });

    // Written in waitUntil, after the response.
    const used = await pollUntil(() => lastUsedAt(id), (value) => value !== null);
    expect(used).not.toBeNull();
    expect(Math.abs(Date.parse(used!) - Date.now())).toBeLessThan(60_000);
  });

  it.each([
    ["an unknown kr_ token", `Bearer ${newApiToken()}`],
    ["a token without the kr_ prefix", "Bearer abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"],
    ["Bearer with nothing after it", "Bearer"],
    ["another scheme", "Basic YWRtaW46cGFzc3dvcmQ="],
  ])("refuses %s with 401 JSON and WWW-Authenticate", async (_label, authorization) => {
    await expectInvalidToken(await getKitchen({ authorization }));
  });

  it("refuses a valid token followed by junk", async () => {
    const { token } = await createApiToken(ZETA.id, "manager");
    expect((await getKitchen({ bearer: token })).status).toBe(200);
    await expectInvalidToken(await getKitchen({ authorization: `Bearer ${token} extra` }));
  });

  it("refuses a revoked token", async () => {
    const { id, token } = await createApiToken(ZETA.id, "admin");
    expect((await getKitchen({ bearer: token })).status).toBe(200);
    await env.DB.prepare("UPDATE api_tokens SET revoked_at = ? WHERE id = ?").bind(new Date().toISOString(), id).run();
    await expectInvalidToken(await getKitchen({ bearer: token }));
  });

  it("never falls back to the session cookie when the token is bad", async () => {
    const cookie = await signIn(EMAIL, PASSWORD);
    expect((await getKitchen({ cookie })).status).toBe(200);
    await expectInvalidToken(await getKitchen({ cookie, bearer: newApiToken() }));
    await expectInvalidToken(await getKitchen({ cookie, authorization: "Bearer" }));
  });

  it("win over the session cookie when valid", async () => {
    const cookie = await signIn(EMAIL, PASSWORD);
    const { token } = await createApiToken(ZETA.id, "manager");
    const response = await getKitchen({ cookie, bearer: token });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ slug: ZETA.slug, role: "manager", auth: "token" });
  });

  it("do not open the HTML kitchen pages", async () => {
    const { token } = await createApiToken(ZETA.id, "admin");
    const response = await request(`/k/${ZETA.slug}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/login?next=${encodeURIComponent(`/k/${ZETA.slug}`)}`);
  });
});

describe("session cookies", () => {
  it("act on the session's current kitchen: first by name, then the last one opened", async () => {
    const cookie = await signIn(EMAIL, PASSWORD);

    const before = await getKitchen({ cookie });
    expect(before.status).toBe(200);
    expect(await before.json()).toEqual({
      slug: ALPHA.slug,
      name: ALPHA.name,
      time_zone: ALPHA.timeZone,
      role: "manager",
      auth: "session",
    });

    expect((await request(`/k/${ZETA.slug}`, { cookie })).status).toBe(200);
    const after = await getKitchen({ cookie });
    expect(after.status).toBe(200);
    expect(await after.json()).toEqual({ slug: ZETA.slug, name: ZETA.name, time_zone: ZETA.timeZone, role: "admin", auth: "session" });
  });

  it("act on the kitchen the call names with X-Kitchen, whatever page was opened last; never on one the person is not a member of", async () => {
    const cookie = await signIn(EMAIL, PASSWORD);
    expect((await request(`/k/${ZETA.slug}`, { cookie })).status).toBe(200);
    const named = await request("/api/kitchen", { cookie, headers: { "x-kitchen": ALPHA.slug } });
    expect(await named.json()).toMatchObject({ slug: ALPHA.slug, role: "manager", auth: "session" });
    const foreign = await request("/api/kitchen", { cookie, headers: { "x-kitchen": "somebody-elses-inn" } });
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toEqual({ error: "You are not a member of a kitchen somebody-elses-inn." });
  });

  it("a token names only its own kitchen", async () => {
    const { token } = await createApiToken(ZETA.id, "admin");
    const own = await request("/api/kitchen", { headers: { authorization: `Bearer ${token}`, "x-kitchen": ZETA.slug } });
    expect(own.status).toBe(200);
    const other = await request("/api/kitchen", { headers: { authorization: `Bearer ${token}`, "x-kitchen": ALPHA.slug } });
    expect(other.status).toBe(403);
    expect(await other.json()).toEqual({ error: `This token belongs to the kitchen ${ZETA.slug}, not ${ALPHA.slug}.` });
  });
});

describe("no credentials", () => {
  it("get 401 JSON asking for a sign-in or a token", async () => {
    const response = await getKitchen();
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("www-authenticate")).toBe("Bearer");
    expect(await response.json()).toEqual({ error: "Sign in, or send Authorization: Bearer <token>." });
  });

  it("get 401 on an unknown /api path too (authentication comes before routing)", async () => {
    const response = await request("/api/no-such-thing");
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  });
});

describe("unknown /api paths", () => {
  it("answer 404 JSON to an authenticated caller", async () => {
    const { token } = await createApiToken(ZETA.id, "manager");
    const viaToken = await request("/api/no-such-thing", { headers: { authorization: `Bearer ${token}` } });
    expect(viaToken.status).toBe(404);
    expect(viaToken.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await viaToken.json()).toEqual({ error: "There is no such endpoint." });

    const cookie = await signIn(EMAIL, PASSWORD);
    const viaSession = await request("/api/kitchen/extra", { cookie });
    expect(viaSession.status).toBe(404);
    expect(await viaSession.json()).toEqual({ error: "There is no such endpoint." });

    const apiRoot = await request("/api", { cookie });
    expect(apiRoot.status).toBe(404);
    expect(await apiRoot.json()).toEqual({ error: "There is no such endpoint." });
  });
});
