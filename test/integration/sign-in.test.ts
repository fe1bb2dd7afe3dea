// Sign-in, sign-out and session lifetime, through the real Worker and local D1.
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { sha256Hex } from "../../src/auth/tokens";
import {
  countRows,
  createKitchen,
  createUser,
  browserPost,
  form,
  HOUR_MS,
  isoFromNow,
  issuedSessionCookie,
  MINUTE_MS,
  request,
  sessionRowFor,
  sessionSetCookies,
  signIn,
  tokenOf,
} from "./helpers";

const PASSWORD = "correct horse battery staple";
const KITCHEN = { slug: "harbour", name: "Harbour Inn" };
const ADMIN_EMAIL = "admin@example.com";
let kitchenId: number;
let adminId: number;

beforeAll(async () => {
  kitchenId = await createKitchen(KITCHEN.slug, KITCHEN.name);
  adminId = await createUser(ADMIN_EMAIL, PASSWORD, [{ kitchenId, role: "admin" }]);
});

function postLogin(fields: Record<string, string>, from?: string): Promise<Response> {
  return browserPost("/login", { fields, headers: from === undefined ? {} : { "cf-connecting-ip": from } });
}

/** CSP directives by name, e.g. { "script-src": "'self'" }. */
function cspDirectives(header: string): Record<string, string> {
  return Object.fromEntries(
    header
      .split(";")
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const [name, ...values] = part.split(/\s+/);
        return [name!, values.join(" ")];
      }),
  );
}

const DASHBOARD = `/k/${KITCHEN.slug}`;
const SIGN_IN_FOR_DASHBOARD = `/login?next=${encodeURIComponent(DASHBOARD)}`;

describe("the sign-in page", () => {
  it("renders the form under a strict Content-Security-Policy", async () => {
    const response = await request("/login");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('name="email"');
    expect(html).toContain('name="password"');
    expect(html).toContain('action="/login"');

    const csp = response.headers.get("content-security-policy");
    expect(csp).toMatch(/^default-src 'self'(;|$)/);
    const directives = cspDirectives(csp!);
    expect(directives["default-src"]).toBe("'self'");
    expect(directives["script-src"]).toBe("'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("unsafe-eval");
  });
});

describe("signing in", () => {
  it("sets an HttpOnly, SameSite=Lax session cookie (no Secure on http://localhost) and opens the kitchen", async () => {
    const response = await postLogin({ email: ADMIN_EMAIL, password: PASSWORD });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/");

    const [setCookie, ...others] = sessionSetCookies(response);
    expect(others).toEqual([]);
    expect(setCookie).toMatch(/^kr_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/;\s*HttpOnly(;|$)/i);
    expect(setCookie).toMatch(/;\s*SameSite=Lax(;|$)/i);
    expect(setCookie).toMatch(/;\s*Path=\/(;|$)/i);
    expect(setCookie).not.toMatch(/;\s*Secure(;|$)/i);
    const cookie = setCookie!.split(";")[0]!;

    const home = await request("/", { cookie });
    expect(home.status).toBe(303);
    expect(home.headers.get("location")).toBe(DASHBOARD);

    const dashboard = await request(DASHBOARD, { cookie });
    expect(dashboard.status).toBe(200);
    const html = await dashboard.text();
    expect(html).toContain(`<h1>${KITCHEN.name}</h1>`);
    expect(html).toContain(`Signed in as ${ADMIN_EMAIL}`);
  });

  it("stores only the SHA-256 hex of the session token", async () => {
    const cookie = await signIn(ADMIN_EMAIL, PASSWORD);
    const token = tokenOf(cookie);
    const row = await sessionRowFor(cookie);
    expect(row).not.toBeNull();
    expect(row!.user_id).toBe(adminId);
    expect(row!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.token_hash).not.toBe(token);
    expect(row!.token_hash).toBe(await sha256Hex(token));
    // The token itself appears in no column of any session.
    expect(await countRows("sessions", "token_hash = ?", token)).toBe(0);
    const all = await env.DB.prepare("SELECT * FROM sessions").all<Record<string, unknown>>();
    expect(all.results.some((r) => Object.values(r).some((v) => String(v).includes(token)))).toBe(false);
  });

  it("ends the session the browser already had when it signs in again", async () => {
    const first = await signIn(ADMIN_EMAIL, PASSWORD);
    const again = await browserPost("/login", { fields: { email: ADMIN_EMAIL, password: PASSWORD }, cookie: first });
    expect(again.status).toBe(303);
    const second = issuedSessionCookie(again);
    expect(second).not.toBeNull();
    expect(second).not.toBe(first);
    expect(await sessionRowFor(first)).toBeNull();
    expect(await sessionRowFor(second!)).not.toBeNull();
  });

  it("accepts the email with any case and surrounding spaces", async () => {
    const response = await postLogin({ email: "  Admin@Example.COM ", password: PASSWORD });
    expect(response.status).toBe(303);
    const cookie = issuedSessionCookie(response);
    expect(cookie).not.toBeNull();
    expect((await sessionRowFor(cookie!))!.user_id).toBe(adminId);
  });
});

describe("the next parameter", () => {
  it.each(["//evil.example", "https://evil.example", "/\\evil.example", "evil.example/k/harbour", "/\t/evil.example", "/\n/evil.example", "/\r\n/x", "/.//evil.example/login", "/..//evil.example", "/a/..//evil.example", "/%2e//evil.example"])(
    "sends %s back to / instead of off the site",
    async (next) => {
      const response = await postLogin({ email: ADMIN_EMAIL, password: PASSWORD, next });
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe("/");
      expect(issuedSessionCookie(response)).not.toBeNull();
    },
  );

  it("honours a path on this site", async () => {
    const next = `/k/${KITCHEN.slug}/settings`;
    const response = await postLogin({ email: ADMIN_EMAIL, password: PASSWORD, next });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(next);
  });

  it("sends a signed-in visitor of /login only to a path on this site", async () => {
    const cookie = issuedSessionCookie(await postLogin({ email: ADMIN_EMAIL, password: PASSWORD }))!;
    const response = await request(`/login?next=${encodeURIComponent("/\t/evil.example")}`, { cookie });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/");
  });

  it("carries a safe next into the form and drops an unsafe one", async () => {
    const safe = await (await request(`/login?next=${encodeURIComponent("/k/harbour/settings")}`)).text();
    expect(safe).toContain('name="next" value="/k/harbour/settings"');
    for (const next of ["https://evil.example/", "/.//evil.example/login"]) {
      const unsafe = await (await request(`/login?next=${encodeURIComponent(next)}`)).text();
      expect(unsafe).toContain('name="next" value="/"');
      expect(unsafe).not.toContain("evil.example");
    }
  });
});

describe("refused sign-ins", () => {
  const MISMATCH = "That email and password do not match.";

  it("answers 401 without a cookie for a wrong password", async () => {
    const sessionsBefore = await countRows("sessions");
    const response = await postLogin({ email: ADMIN_EMAIL, password: "not the password" });
    expect(response.status).toBe(401);
    expect(await response.text()).toContain(MISMATCH);
    expect(sessionSetCookies(response)).toEqual([]);
    expect(await countRows("sessions")).toBe(sessionsBefore);
  });

  it("answers an unknown email exactly like a wrong password", async () => {
    const sessionsBefore = await countRows("sessions");
    const unknown = await postLogin({ email: "nobody@example.com", password: "not the password" });
    expect(unknown.status).toBe(401);
    const unknownHtml = await unknown.text();
    expect(unknownHtml).toContain(MISMATCH);
    expect(sessionSetCookies(unknown)).toEqual([]);

    const wrong = await postLogin({ email: "admin@example.com", password: "not the password" });
    // Same page apart from the echoed email: nothing tells the two cases apart.
    expect((await wrong.text()).replaceAll("admin@example.com", "EMAIL")).toBe(unknownHtml.replaceAll("nobody@example.com", "EMAIL"));
    expect(await countRows("sessions")).toBe(sessionsBefore);
  });

  it.each([
    { email: "", password: "" },
    { email: ADMIN_EMAIL, password: "" },
    { email: "", password: PASSWORD },
    { email: "   ", password: PASSWORD },
  ])("answers 422 with the problem beside an empty field (%o) and creates no session", async (fields) => {
    const sessionsBefore = await countRows("sessions");
    const failuresBefore = await countRows("login_failures");
    const response = await postLogin(fields);
    expect(response.status).toBe(422);
    const html = await response.text();
    for (const field of ["email", "password"] as const) {
      const marked = html.includes(`<span class="field-error" id="${field}-error">Is required.</span>`);
      expect(marked, field).toBe(fields[field].trim() === "");
    }
    expect(sessionSetCookies(response)).toEqual([]);
    expect(await countRows("sessions")).toBe(sessionsBefore);
    expect(await countRows("login_failures")).toBe(failuresBefore);
  });

  it("answers 422 when the fields are missing altogether", async () => {
    const sessionsBefore = await countRows("sessions");
    const response = await postLogin({});
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('<span class="field-error" id="email-error">Is required.</span>');
    expect(html).toContain('<span class="field-error" id="password-error">Is required.</span>');
    expect(await countRows("sessions")).toBe(sessionsBefore);
  });
});

describe("password-guessing throttle", () => {
  const THROTTLED = "throttled@example.com";
  const BYSTANDER = "bystander@example.com";
  const PARALLEL = "parallel@example.com";
  const KITCHEN_TABLET = "198.51.100.7";
  const ATTACKER = "203.0.113.9";

  beforeAll(async () => {
    for (const email of [THROTTLED, BYSTANDER, PARALLEL]) await createUser(email, PASSWORD, [{ kitchenId, role: "manager" }]);
  });

  it("pauses an email from one place after 5 wrong passwords, warning before the last, until the failures age out", async () => {
    for (let attempt = 1; attempt <= 5; attempt++) {
      const wrong = await postLogin({ email: THROTTLED, password: `wrong ${attempt}` }, ATTACKER);
      expect(wrong.status, `wrong attempt ${attempt}`).toBe(401);
      expect((await wrong.text()).includes("One more wrong password and sign-in from here pauses for 15 minutes."), `attempt ${attempt}`).toBe(attempt === 4);
    }
    expect(await countRows("login_failures", "email = ?", THROTTLED)).toBe(5);

    const sessionsBefore = await countRows("sessions");
    const throttled = await postLogin({ email: THROTTLED, password: PASSWORD }, ATTACKER);
    expect(throttled.status).toBe(429);
    const html = await throttled.text();
    expect(html).toContain("Too many wrong passwords from here.");
    const minutes = Number(/paused for (\d+) minutes?;/.exec(html)?.[1]);
    expect(minutes).toBeGreaterThanOrEqual(1);
    expect(minutes).toBeLessThanOrEqual(15);
    expect(throttled.headers.get("retry-after")).toBe(String(minutes * 60));
    expect(sessionSetCookies(throttled)).toEqual([]);
    expect(await countRows("sessions")).toBe(sessionsBefore);

    // The same email in another spelling is the same email.
    expect((await postLogin({ email: " Throttled@EXAMPLE.com", password: PASSWORD }, ATTACKER)).status).toBe(429);

    // Another email is unaffected.
    const bystander = await postLogin({ email: BYSTANDER, password: PASSWORD }, ATTACKER);
    expect(bystander.status).toBe(303);

    // Whoever knows the chef's email locks out only themselves: from the kitchen it works.
    const chef = await postLogin({ email: THROTTLED, password: PASSWORD }, KITCHEN_TABLET);
    expect(chef.status).toBe(303);
    expect(issuedSessionCookie(chef)).not.toBeNull();

    // Once the failures are older than the 15-minute window, the right password works and clears them.
    await env.DB.prepare("UPDATE login_failures SET failed_at = ? WHERE email = ?").bind(isoFromNow(-16 * MINUTE_MS), THROTTLED).run();
    const recovered = await postLogin({ email: THROTTLED, password: PASSWORD }, ATTACKER);
    expect(recovered.status).toBe(303);
    expect(await countRows("login_failures", "email = ? AND client = ?", THROTTLED, ATTACKER)).toBe(0);
  });

  it("counts parallel guesses one by one: of 60 at once, 5 are tried, and the right password among them gets no session", async () => {
    const from = "192.0.2.60";
    const guesses = Array.from({ length: 60 }, (_, index) => postLogin({ email: PARALLEL, password: index === 30 ? PASSWORD : `guess ${index}` }, from));
    const answers = await Promise.all(guesses);
    const statuses = answers.map((response) => response.status);
    expect(statuses.filter((status) => status === 401).length + statuses.filter((status) => status === 303).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(55);
    expect(await countRows("login_failures", "email = ? AND client = ?", PARALLEL, from)).toBeLessThanOrEqual(5);
  });

  it("slows one password sprayed over many emails from one place", async () => {
    const from = "192.0.2.99";
    for (let index = 0; index < 30; index++) {
      expect((await postLogin({ email: `spray${index}@example.com`, password: "Summer2026!" }, from)).status).toBe(401);
    }
    // Even a right password from there waits: the address has used its tries.
    expect((await postLogin({ email: BYSTANDER, password: PASSWORD }, from)).status).toBe(429);
    expect((await postLogin({ email: BYSTANDER, password: PASSWORD }, "192.0.2.100")).status).toBe(303);
  });
});

describe("signing out", () => {
  it("deletes the session, clears the cookie, and the old cookie no longer opens the kitchen", async () => {
    const cookie = await signIn(ADMIN_EMAIL, PASSWORD);
    expect((await request(DASHBOARD, { cookie })).status).toBe(200);
    const row = await sessionRowFor(cookie);
    expect(row).not.toBeNull();

    const response = await browserPost("/logout", { cookie });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/login");
    expect(sessionSetCookies(response).join("\n")).toMatch(/^kr_session=;.*Max-Age=0/im);
    expect(await countRows("sessions", "id = ?", row!.id)).toBe(0);

    const replay = await request(DASHBOARD, { cookie });
    expect(replay.status).toBe(303);
    expect(replay.headers.get("location")).toBe(SIGN_IN_FOR_DASHBOARD);
  });
});

describe("session expiry", () => {
  async function expireAndOpenDashboard(idleFromNow: number, absoluteFromNow: number) {
    const cookie = await signIn(ADMIN_EMAIL, PASSWORD);
    const row = (await sessionRowFor(cookie))!;
    await env.DB.prepare("UPDATE sessions SET idle_expires_at = ?, absolute_expires_at = ? WHERE id = ?")
      .bind(isoFromNow(idleFromNow), isoFromNow(absoluteFromNow), row.id)
      .run();
    const response = await request(DASHBOARD, { cookie });
    return { response, sessionId: row.id };
  }

  it("sends an idle-expired session to sign-in and deletes its row", async () => {
    const { response, sessionId } = await expireAndOpenDashboard(-MINUTE_MS, 10 * 24 * HOUR_MS);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(SIGN_IN_FOR_DASHBOARD);
    expect(await countRows("sessions", "id = ?", sessionId)).toBe(0);
    expect(sessionSetCookies(response).join("\n")).toMatch(/^kr_session=;.*Max-Age=0/im);
  });

  it("sends a session past its absolute expiry to sign-in even while idle time remains", async () => {
    const { response, sessionId } = await expireAndOpenDashboard(HOUR_MS, -MINUTE_MS);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(SIGN_IN_FOR_DASHBOARD);
    expect(await countRows("sessions", "id = ?", sessionId)).toBe(0);
  });

  it("pushes the idle expiry to 12 hours from now as the user works", async () => {
    const { response, sessionId } = await expireAndOpenDashboard(HOUR_MS, 10 * 24 * HOUR_MS);
    expect(response.status).toBe(200);
    const row = await env.DB.prepare("SELECT idle_expires_at FROM sessions WHERE id = ?").bind(sessionId).first<{ idle_expires_at: string }>();
    const expected = Date.now() + 12 * HOUR_MS;
    expect(Math.abs(Date.parse(row!.idle_expires_at) - expected)).toBeLessThan(MINUTE_MS);
  });

  it("never pushes the idle expiry beyond the absolute expiry", async () => {
    const { response, sessionId } = await expireAndOpenDashboard(HOUR_MS, 2 * HOUR_MS);
    expect(response.status).toBe(200);
    const row = await env.DB.prepare("SELECT idle_expires_at, absolute_expires_at FROM sessions WHERE id = ?")
      .bind(sessionId)
      .first<{ idle_expires_at: string; absolute_expires_at: string }>();
    expect(Date.parse(row!.idle_expires_at)).toBe(Date.parse(row!.absolute_expires_at));
    expect(Math.abs(Date.parse(row!.idle_expires_at) - (Date.now() + 2 * HOUR_MS))).toBeLessThan(MINUTE_MS);
  });
});

describe("the session cookie over https", () => {
  const HTTPS = "https://kitchen.example";
  const viaHttps = (path: string, init: RequestInit = {}) => exports.default.fetch(new Request(new URL(path, HTTPS), { ...init, redirect: "manual" }));

  it("carries the __Host- prefix, Secure, for every path, and signs the person in", async () => {
    const response = await viaHttps("/login", {
      method: "POST",
      headers: { origin: HTTPS },
      body: new URLSearchParams({ email: ADMIN_EMAIL, password: PASSWORD }),
    });
    expect(response.status).toBe(303);
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith("__Host-kr_session="));
    expect(cookie).toMatch(/^__Host-kr_session=[^;]+; Max-Age=\d+; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    expect(response.headers.getSetCookie().some((line) => line.startsWith("kr_session="))).toBe(false);
    const pair = cookie!.split(";")[0]!;
    const page = await viaHttps(`/k/${KITCHEN.slug}`, { headers: { cookie: pair } });
    expect(page.status).toBe(200);
    // The plain name is not a session over https: a cookie set by another host means nothing.
    const plain = await viaHttps(`/k/${KITCHEN.slug}`, { headers: { cookie: pair.replace("__Host-", "") } });
    expect(plain.status).toBe(303);
  });
});
