// Benchmark (not a test): D1 round trips of one signed-in page view, counted in workerd on
// the production path (the app's fetch with a counting D1 binding): the caller's lookup and
// the page's statements in one batch. Prints one `BENCH {json}` line per page for scripts/bench.ts.
import { env } from "cloudflare:workers";
import { it } from "vitest";
import { app } from "../../src/app";
import { connectResos, createApiToken, createKitchen, createUser, signIn } from "../integration/helpers";
import { countingD1, type RoundTrips } from "./counting-d1";

const PAGES = [
  { name: "Tonight", path: (slug: string) => `/k/${slug}/tonight` },
  { name: "chart", path: (slug: string) => `/k/${slug}/chart?nights=30` },
  { name: "dashboard", path: (slug: string) => `/k/${slug}` },
];

const APIS = [
  { name: "chart JSON", path: "/api/residents-table-chart?nights=30" },
  { name: "service sheet JSON", path: "/api/service-sheet" },
];

it("counts the D1 round trips of a signed-in page view", async () => {
  const kitchenId = await createKitchen("trips-inn", "Trips Inn");
  await connectResos(kitchenId);
  await env.DB.prepare("UPDATE kitchens SET show_guest_names = 1 WHERE id = ?").bind(kitchenId).run();
  await createUser("trips@example.com", "correct horse battery staple", [{ kitchenId, role: "admin" }]);
  const cookie = await signIn("trips@example.com", "correct horse battery staple");
  const { token } = await createApiToken(kitchenId, "manager");

  const count = async (path: string, headers: Record<string, string>) => {
    const trips: RoundTrips = { count: 0 };
    const response = await app.fetch(new Request(`http://localhost${path}`, { headers }), { ...env, DB: countingD1(env.DB, trips) }, { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext);
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    await response.text();
    return trips.count;
  };
  // A session's first page of a kitchen records it as the current one, a token's first call
  // records its use, and an isolate's first view of a kitchen for a credential learns its
  // time zone and name setting (see src/auth/caller-read.ts): once each. What follows is every later view.
  for (const page of PAGES) await count(page.path("trips-inn"), { cookie });
  for (const api of APIS) await count(api.path, { authorization: `Bearer ${token}` });
  for (const page of PAGES) {
    console.log(`BENCH ${JSON.stringify({ case: `page: ${page.name}, signed in, names on`, d1_round_trips: await count(page.path("trips-inn"), { cookie }) })}`);
  }
  for (const api of APIS) {
    console.log(`BENCH ${JSON.stringify({ case: `page: ${api.name}, bearer token, names on`, d1_round_trips: await count(api.path, { authorization: `Bearer ${token}` }) })}`);
  }
});
