// The shape of the code, read from the source: layers import only downwards, and one module
// (the run store) writes the sync's two tables.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../scripts/lib/wrangler";

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : /\.(ts|tsx|mjs)$/.test(name) ? [path] : [];
  });
}

const SRC = join(PROJECT_ROOT, "src");
const sources = filesUnder(SRC).map((path) => ({ path: relative(PROJECT_ROOT, path), text: readFileSync(path, "utf8") }));

function fromRoot(file: { path: string }, spec: string): string {
  return relative(PROJECT_ROOT, resolve(PROJECT_ROOT, file.path, "..", spec));
}

/** The project modules a file imports statically (types only or not), as paths from the project root without extension. */
function staticImportsOf(file: { path: string; text: string }, options: { withTypeOnly: boolean } = { withTypeOnly: true }): string[] {
  return [...file.text.matchAll(/^(import type|export type|import|export)[^;]*?from\s+"(\.{1,2}\/[^"]+)"/gm)]
    .filter(([, keyword]) => options.withTypeOnly || !keyword!.endsWith(" type"))
    .map(([, , spec]) => fromRoot(file, spec!));
}

/** The project modules a file loads with `await import("...")`. */
function dynamicImportsOf(file: { path: string; text: string }): string[] {
  return [...file.text.matchAll(/\bimport\(\s*"(\.{1,2}\/[^"]+)"\s*\)/g)].map(([, spec]) => fromRoot(file, spec!));
}

/** Every project module a file imports, statically or dynamically. */
function importsOf(file: { path: string; text: string }): string[] {
  return [...staticImportsOf(file), ...dynamicImportsOf(file)];
}

/** Which layer a module is in: its folder under src/, or the file for those at the top. */
function layerOf(path: string): string {
  const inside = path.replace(/^src\//, "").replace(/\.(ts|tsx)$/, "");
  return inside.includes("/") ? inside.split("/")[0]! : inside;
}

// What each layer may import, besides itself. Lower layers know nothing of the ones above.
const ALLOWED: Record<string, string[]> = {
  domain: ["newbook/schemas"],
  crypto: [],
  log: [],
  // What talking to any API needs (call slots and their arithmetic): it knows nothing of either API.
  net: [],
  newbook: ["domain", "crypto", "net"],
  // The resOS simulator builds its restaurant's residents from the Newbook simulator's hotel.
  resos: ["domain", "crypto", "net", "newbook"],
  db: ["domain", "crypto", "newbook", "resos"],
  auth: ["domain", "db", "crypto", "app-env"],
  scheduler: ["domain", "db", "log", "app-env"],
  // The call limiter every isolate shares: a Durable Object per credential, known by an HMAC of it.
  limits: ["net", "crypto", "log", "app-env"],
  sync: ["domain", "db", "crypto", "net", "newbook", "resos", "scheduler", "limits", "log", "app-env"],
  views: ["domain", "db", "auth", "app-env"],
  routes: ["domain", "db", "auth", "crypto", "newbook", "resos", "sync", "limits", "views", "log", "app-env"],
};

function allowed(from: string, to: string): boolean {
  const fromLayer = layerOf(from);
  const toLayer = layerOf(to);
  if (fromLayer === toLayer) return true;
  const rules = ALLOWED[fromLayer];
  if (!rules) return true; // the app at the top (app, index, app-env) may use anything
  return rules.some((rule) => toLayer === rule || to.replace(/^src\//, "") === rule);
}

describe("layers", () => {
  it("every module under src/ is in a known layer", () => {
    const known = new Set([...Object.keys(ALLOWED), "app", "index", "app-env"]);
    expect(sources.map((file) => layerOf(file.path)).filter((layer) => !known.has(layer))).toEqual([]);
  });

  it("are read from every module's imports", () => {
    expect(importsOf(sources.find((file) => file.path === "src/routes/api.ts")!)).toContain("src/sync/run-control");
    expect(sources.flatMap(importsOf).length).toBeGreaterThan(200);
  });

  it("import only downwards: domain and db know nothing of auth, views, routes or bindings", () => {
    const upwards = sources.flatMap((file) => importsOf(file).filter((to) => !allowed(file.path, to)).map((to) => `${file.path} -> ${to}`));
    expect(upwards).toEqual([]);
  });

  it("the rule would catch an upward import (the check itself can fail)", () => {
    expect(allowed("src/domain/dates.ts", "src/db/schema")).toBe(false);
    expect(allowed("src/db/chart-read-model.ts", "src/auth/sessions")).toBe(false);
    expect(allowed("src/auth/middleware.ts", "src/views/error-page")).toBe(false);
    expect(allowed("src/newbook/transport.ts", "src/app-env")).toBe(false);
    expect(allowed("src/net/call-pacer.ts", "src/newbook/client")).toBe(false);
    expect(allowed("src/resos/client.ts", "src/net/call-pacer")).toBe(true);
    expect(allowed("src/net/call-window.ts", "src/limits/api-call-limiter")).toBe(false);
    expect(allowed("src/limits/api-call-limiter.ts", "src/db/client")).toBe(false);
    expect(allowed("src/routes/api.ts", "src/views/json/sync-run-json")).toBe(true);
  });
});

describe("the simulators", () => {
  // The Newbook and resOS simulators and their shared instances: only a build that carries
  // them (SIMULATORS_BUNDLED) may reach these; test/node/production-bundle.test.ts reads the
  // bundle itself.
  const SIMULATOR = /^src\/(newbook|resos)\/(simulator|shared-simulator)(\/|$)/;
  const isSimulator = (path: string) => SIMULATOR.test(path.replace(/\.(ts|tsx)$/, ""));

  it("are imported outside themselves only dynamically, by modules that test SIMULATORS_BUNDLED", () => {
    const outside = sources.filter((file) => !isSimulator(file.path));
    const staticImports = outside.flatMap((file) => staticImportsOf(file, { withTypeOnly: false }).filter(isSimulator).map((to) => `${file.path} -> ${to}`));
    expect(staticImports).toEqual([]);
    const ungated = outside.filter((file) => dynamicImportsOf(file).some(isSimulator) && !/\bif \(SIMULATORS_BUNDLED\)/.test(file.text)).map((file) => file.path);
    expect(ungated).toEqual([]);
    // What the rule sees today: the two transports and the /__sim mounts.
    expect(outside.filter((file) => dynamicImportsOf(file).some(isSimulator)).map((file) => file.path).sort()).toEqual([
      "src/app.tsx",
      "src/newbook/transport.ts",
      "src/resos/transport.ts",
    ]);
  });

  it("the rule reads both kinds of import (the check itself can fail)", () => {
    const file = { path: "src/app.tsx", text: 'import { a } from "./newbook/simulator";\nimport type { B } from "./resos/simulator";\nawait import("./newbook/shared-simulator");' };
    expect(staticImportsOf(file, { withTypeOnly: false }).filter(isSimulator)).toEqual(["src/newbook/simulator"]);
    expect(dynamicImportsOf(file)).toEqual(["src/newbook/shared-simulator"]);
    expect(isSimulator("src/resos/simulator/dining-room.ts")).toBe(true);
    expect(isSimulator("src/newbook/transport.ts")).toBe(false);
  });
});

describe("the run store", () => {
  // A write to either table, in drizzle or in SQL text.
  const WRITES = /\b(?:insert|update|delete)\((?:syncRuns|syncSettings)\)|\b(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+`?(?:sync_runs|sync_settings)\b/i;

  it("is the only module that writes sync_runs or sync_settings (the CLI and the demo included)", () => {
    const scripts = filesUnder(join(PROJECT_ROOT, "scripts")).map((path) => ({ path: relative(PROJECT_ROOT, path), text: readFileSync(path, "utf8") }));
    const writers = [...sources, ...scripts].filter((file) => WRITES.test(file.text)).map((file) => file.path);
    expect(writers).toEqual(["src/db/run-store.ts"]);
  });

  it("the pattern finds both kinds of write", () => {
    expect(WRITES.test("db.update(syncSettings).set({})")).toBe(true);
    expect(WRITES.test("UPDATE sync_runs SET status = 'failed'")).toBe(true);
    expect(WRITES.test("INSERT OR IGNORE INTO sync_settings (kitchen_id)")).toBe(true);
    expect(WRITES.test("SELECT * FROM sync_runs")).toBe(false);
  });
});

describe("the tables' version", () => {
  // Pages keep a copy of a range's tables while its version stands (src/db/table-booking-reads.ts):
  // a new writer of table_bookings must move the version, so it has to be known here.
  const WRITES = /\b(?:insert|update|delete)\(tableBookings\)|\b(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+`?table_bookings\b/i;

  it("is moved by every writer of table_bookings: the sync's write and the retention purge", () => {
    expect(sources.filter((file) => WRITES.test(file.text)).map((file) => file.path)).toEqual(["src/db/personal-data-purge.ts", "src/db/table-booking-writes.ts"]);
  });
});

describe("wrangler.toml", () => {
  it("fires the retention purge's daily cron beside the sync's minute one", async () => {
    const { RETENTION_PURGE_CRON } = await import("../../src/domain/retention");
    const toml = readFileSync(join(PROJECT_ROOT, "wrangler.toml"), "utf8");
    expect(toml).toMatch(new RegExp(`^crons = \\["\\* \\* \\* \\* \\*", "${RETENTION_PURGE_CRON.replace(/\*/g, "\\*")}"\\]$`, "m"));
  });
});
