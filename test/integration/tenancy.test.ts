// Kitchens are tenants: a member of one never sees another, and roles gate the admin pages.
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../src/app";
import { createKitchen, createUser, form, ORIGIN, request, sessionRowFor, signIn } from "./helpers";

const PASSWORD = "correct horse battery staple";
const A = { slug: "alder", name: "Alder House", id: 0 };
const B = { slug: "birch", name: "Birch Lodge", id: 0 };
const XSS = { slug: "xss-inn", name: "<script>alert(1)</script> Inn", id: 0 };
const USERS = {
  aManager: "a-manager@example.com",
  aAdmin: "a-admin@example.com",
  bAdmin: "b-admin@example.com",
  both: "both@example.com",
  xss: "xss@example.com",
  none: "no-kitchen@example.com",
};
const NOT_FOUND = "There is no such page, or it belongs to a kitchen you are not a member of.";

beforeAll(async () => {
  A.id = await createKitchen(A.slug, A.name);
  B.id = await createKitchen(B.slug, B.name);
  XSS.id = await createKitchen(XSS.slug, XSS.name);
  await createUser(USERS.aManager, PASSWORD, [{ kitchenId: A.id, role: "manager" }]);
  await createUser(USERS.aAdmin, PASSWORD, [{ kitchenId: A.id, role: "admin" }]);
  await createUser(USERS.bAdmin, PASSWORD, [{ kitchenId: B.id, role: "admin" }]);
  await createUser(USERS.both, PASSWORD, [
    { kitchenId: A.id, role: "manager" },
    { kitchenId: B.id, role: "admin" },
  ]);
  await createUser(USERS.xss, PASSWORD, [{ kitchenId: XSS.id, role: "admin" }]);
  await createUser(USERS.none, PASSWORD, []);
});

/** Every concrete kitchen route of the app (method + path pattern), from Hono's route table. */
function kitchenRoutes(): { method: string; path: string }[] {
  const seen = new Map<string, { method: string; path: string }>();
  for (const { method, path } of app.routes) {
    if (method === "ALL" || !(path === "/k/:slug" || path.startsWith("/k/:slug/"))) continue;
    seen.set(`${method} ${path}`, { method, path });
  }
  return [...seen.values()];
}

/** The route pattern with the slug filled in (and any other parameter given a plausible value). */
function concretePath(pattern: string, slug: string): string {
  return pattern.replace(":slug", slug).replace(/:[A-Za-z_]+(\{[^}]*\})?/g, "1");
}

function requestRoute(method: string, path: string, cookie?: string): Promise<Response> {
  // An unsafe one as a page of this site sends it (its Origin), so tenancy, not forgery, is what answers.
  return method === "GET" || method === "HEAD" ? request(path, { method, cookie }) : request(path, { method, cookie, headers: { origin: ORIGIN }, body: form({}) });
}

describe("another kitchen's pages", () => {
  it("finds the kitchen routes to check", () => {
    const routes = kitchenRoutes().map((r) => `${r.method} ${r.path}`);
    expect(routes).toContain("GET /k/:slug");
    expect(routes).toContain("GET /k/:slug/settings");
  });

  it("answers 404 on every kitchen route without naming the other kitchen", async () => {
    const cookie = await signIn(USERS.aAdmin, PASSWORD);
    for (const { method, path } of kitchenRoutes()) {
      // The same route in the user's own kitchen is reachable, so the 404 is the tenancy check.
      const own = await requestRoute(method, concretePath(path, A.slug), cookie);
      // A route may answer 404 for its own missing data (a stay that is not there), never with the tenancy refusal.
      expect(await own.text(), `${method} ${path} in own kitchen`).not.toContain(NOT_FOUND);

      const foreign = await requestRoute(method, concretePath(path, B.slug), cookie);
      expect(foreign.status, `${method} ${path} in kitchen B`).toBe(404);
      const html = await foreign.text();
      expect(html, `${method} ${path}`).toContain(NOT_FOUND);
      expect(html, `${method} ${path}`).not.toContain(B.name);
      expect(html, `${method} ${path}`).not.toContain(`/k/${B.slug}`);
    }
  });

  it("answers an unknown slug with the very same page", async () => {
    const cookie = await signIn(USERS.aAdmin, PASSWORD);
    const foreign = await request(`/k/${B.slug}`, { cookie });
    const unknown = await request("/k/no-such-kitchen", { cookie });
    expect(foreign.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(await foreign.text()).toBe(await unknown.text());
  });

  it("does not remember a foreign kitchen as the session's current one", async () => {
    const cookie = await signIn(USERS.aAdmin, PASSWORD);
    expect((await request(`/k/${B.slug}`, { cookie })).status).toBe(404);
    expect((await sessionRowFor(cookie))!.current_kitchen_id).toBeNull();
    const home = await request("/", { cookie });
    expect(home.headers.get("location")).toBe(`/k/${A.slug}`);
  });

  it.each([
    ["an existing kitchen", `/k/${B.slug}`],
    ["an existing kitchen's settings", `/k/${B.slug}/settings`],
    ["an unknown kitchen", "/k/no-such-kitchen"],
    ["an unknown kitchen's settings", "/k/no-such-kitchen/settings"],
  ])("sends a visitor who is not signed in to sign-in for %s, the same way", async (_label, path) => {
    const response = await request(path);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/login?next=${encodeURIComponent(path)}`);
    expect(await response.text()).toBe("");
  });
});

describe("roles", () => {
  it("refuses the settings page to a manager with a readable 403", async () => {
    const cookie = await signIn(USERS.aManager, PASSWORD);
    const response = await request(`/k/${A.slug}/settings`, { cookie });
    expect(response.status).toBe(403);
    const html = await response.text();
    expect(html).toContain("<h1>Admins only</h1>");
    expect(html).toContain("Ask one of them if you need a change here.");
    expect(html).not.toContain("API tokens");
    // The manager's dashboard does not offer the link either.
    const dashboard = await (await request(`/k/${A.slug}`, { cookie })).text();
    expect(dashboard).not.toContain(`href="/k/${A.slug}/settings"`);
  });

  it("shows the settings page to an admin", async () => {
    const cookie = await signIn(USERS.aAdmin, PASSWORD);
    const response = await request(`/k/${A.slug}/settings`, { cookie });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("<h1>Settings</h1>");
    expect(html).toContain("API tokens");
    expect(html).toContain(`--kitchen ${A.slug}`);
  });

  it("judges the role per kitchen", async () => {
    const cookie = await signIn(USERS.both, PASSWORD);
    expect((await request(`/k/${A.slug}/settings`, { cookie })).status).toBe(403);
    expect((await request(`/k/${B.slug}/settings`, { cookie })).status).toBe(200);
  });
});

describe("the kitchen switcher", () => {
  function switcherOf(html: string): string | null {
    return /<details class="switcher">[\s\S]*?<\/details>/.exec(html)?.[0] ?? null;
  }

  it("lists every kitchen of a member of two", async () => {
    const cookie = await signIn(USERS.both, PASSWORD);
    const response = await request(`/k/${A.slug}`, { cookie });
    expect(response.status).toBe(200);
    const switcher = switcherOf(await response.text());
    expect(switcher).not.toBeNull();
    expect(switcher).toContain("Switch kitchen");
    expect(switcher).toContain(`href="/k/${A.slug}"`);
    expect(switcher).toContain(A.name);
    expect(switcher).toContain(`href="/k/${B.slug}"`);
    expect(switcher).toContain(B.name);
  });

  it("is absent for a member of one kitchen", async () => {
    const cookie = await signIn(USERS.aAdmin, PASSWORD);
    const response = await request(`/k/${A.slug}`, { cookie });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(`<h1>${A.name}</h1>`);
    expect(html).not.toContain("Switch kitchen");
    expect(switcherOf(html)).toBeNull();
  });

  it("remembers the last kitchen opened as the session's current one", async () => {
    const cookie = await signIn(USERS.both, PASSWORD);
    // Before any kitchen is opened, the first by name.
    expect((await request("/", { cookie })).headers.get("location")).toBe(`/k/${A.slug}`);

    expect((await request(`/k/${B.slug}`, { cookie })).status).toBe(200);
    expect((await sessionRowFor(cookie))!.current_kitchen_id).toBe(B.id);
    const home = await request("/", { cookie });
    expect(home.status).toBe(303);
    expect(home.headers.get("location")).toBe(`/k/${B.slug}`);

    expect((await request(`/k/${A.slug}`, { cookie })).status).toBe(200);
    expect((await sessionRowFor(cookie))!.current_kitchen_id).toBe(A.id);
    expect((await request("/", { cookie })).headers.get("location")).toBe(`/k/${A.slug}`);
  });
});

describe("kitchen names", () => {
  it("are escaped in pages", async () => {
    const cookie = await signIn(USERS.xss, PASSWORD);
    const response = await request(`/k/${XSS.slug}`, { cookie });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; Inn");
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).not.toContain("<script>alert");
  });
});

describe("a user with no kitchen", () => {
  it("sees the No kitchen yet page", async () => {
    const cookie = await signIn(USERS.none, PASSWORD);
    const response = await request("/", { cookie });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("<h1>No kitchen yet</h1>");
    expect(html).toContain("Ask a kitchen admin to add you.");
  });

  it("is refused by the JSON API with 403 JSON", async () => {
    const cookie = await signIn(USERS.none, PASSWORD);
    const response = await request("/api/kitchen", { cookie });
    expect(response.status).toBe(403);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ error: "Your account is not a member of any kitchen." });
  });

  it("gets 404 for every kitchen", async () => {
    const cookie = await signIn(USERS.none, PASSWORD);
    const response = await request(`/k/${A.slug}`, { cookie });
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain(A.name);
    expect((await sessionRowFor(cookie))!.current_kitchen_id).toBeNull();
  });
});
