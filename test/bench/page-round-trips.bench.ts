// Benchmark (not a test): D1 round trips of one signed-in page view, counted in workerd on
// the production path (the app's fetch with a counting D1 binding): the session's lookup,
// then the page's own batch. Prints one `BENCH {json}` line per page for scripts/bench.ts.
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
  // A session's first page of a kitchen records it as the current one, and a token's first
  // call records its use: one write each, once. What follows is every later view.
  await count(PAGES[0]!.path("trips-inn"), { cookie });
  await count("/api/service-sheet", { authorization: `Bearer ${token}` });
  for (const page of PAGES) {
    console.log(`BENCH ${JSON.stringify({ case: `page: ${page.name}, signed in, names on`, d1_round_trips: await count(page.path("trips-inn"), { cookie }) })}`);
  }
  console.log(`BENCH ${JSON.stringify({ case: "page: service sheet JSON, bearer token", d1_round_trips: await count("/api/service-sheet", { authorization: `Bearer ${token}` }) })}`);
});
