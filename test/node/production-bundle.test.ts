// The Worker that `wrangler deploy` uploads carries none of the Newbook and resOS simulators:
// read from the very bundle it would upload (`wrangler deploy --dry-run`). The local build
// (`npm start`, the tests) is bundled the same way with them, so the check is seen to find
// them where they are. And a production build served by wrangler dev with SIMULATORS on
// still has no /__sim.
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleWorker, PROJECT_ROOT, QUIET_WRANGLER_ENV, SIMULATOR_VARS, WITH_SIMULATORS, type WorkerBundle } from "../../scripts/lib/wrangler";
import { SIMULATOR_CREDENTIALS } from "../../src/newbook/simulator";
import { RESOS_SIMULATOR_API_KEY } from "../../src/resos/simulator";
import { createStateDir } from "../support/local-state";
import { freePort } from "../support/processes";
import { killGroup, waitForOutput } from "../support/site";

/** Text only the simulators' code holds. */
const MARKERS: Record<string, string> = {
  "the Newbook simulator's password": SIMULATOR_CREDENTIALS.password,
  "the Newbook simulator's per-night DBB extra": "Dinner Allocation",
  "one of the Newbook simulator's guests": "Fitzgerald-Smythe",
  "the resOS simulator's API key": RESOS_SIMULATOR_API_KEY,
  "an area of the resOS simulator's dining room": "Conservatory",
  "the resOS simulator's busy-day control": "busy-day",
  "the resOS simulator's fault of malformed bookings": "bad_records",
  "both simulators' control routes": "__control",
};

/** Modules of either simulator, as the source map names them. */
const SIMULATOR_MODULE = /^src\/(newbook|resos)\/(simulator|shared-simulator)(\/|\.ts$)/;

function markersIn(bundle: WorkerBundle): string[] {
  return Object.entries(MARKERS)
    .filter(([, text]) => bundle.script.includes(text))
    .map(([what]) => what);
}

let production: WorkerBundle;
let local: WorkerBundle;

beforeAll(async () => {
  // One after the other: two esbuild runs at once only slow each other on this machine.
  production = await bundleWorker();
  local = await bundleWorker(WITH_SIMULATORS);
});

describe("the production bundle (wrangler deploy --dry-run)", () => {
  it("holds none of the simulators' modules", () => {
    expect(production.sources.filter((source) => SIMULATOR_MODULE.test(source))).toEqual([]);
    // The map names the Worker's own modules, so an empty list above is no broken path.
    expect(production.sources).toContain("src/newbook/transport.ts");
  });

  it("holds none of the simulators' text", () => {
    expect(markersIn(production)).toEqual([]);
  });

  it("has the build switch resolved everywhere, and says why a simulator base URL cannot work", () => {
    // Booleans, not the script itself: a failure would print half a megabyte.
    expect(production.script.includes("SIMULATORS_BUNDLED"), "SIMULATORS_BUNDLED left unreplaced").toBe(false);
    expect(production.script.includes("the simulators are not part of this build"), "the refusal of a simulator base URL").toBe(true);
  });

  it("is smaller than the local build by the simulators", () => {
    expect(production.kib).toBeGreaterThan(0);
    expect(production.kib).toBeLessThan(local.kib);
    expect(production.sizeLine).toMatch(/^Total Upload: [\d.]+ KiB \/ gzip: [\d.]+ KiB$/);
  });
});

describe("the local build (--define SIMULATORS_BUNDLED:true, as npm start and the tests)", () => {
  it("holds both simulators: their modules and every marker the production check looks for", () => {
    const modules = local.sources.filter((source) => SIMULATOR_MODULE.test(source));
    expect(modules).toEqual(expect.arrayContaining(["src/newbook/simulator.ts", "src/resos/simulator.ts"]));
    expect(markersIn(local)).toEqual(Object.keys(MARKERS));
  });
});

describe("a production build under wrangler dev", () => {
  const stateDir = createStateDir();
  let server: ChildProcess | undefined;

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once("exit", resolve));
      killGroup(server, "SIGTERM");
      await exited;
    }
    rmSync(stateDir, { recursive: true, force: true });
  });

  it("serves no /__sim even with SIMULATORS on and the base URLs set to the simulator", async () => {
    const port = await freePort();
    server = spawn(
      `${PROJECT_ROOT}node_modules/.bin/wrangler`,
      [
        "dev",
        "--port",
        String(port),
        "--persist-to",
        stateDir,
        ...SIMULATOR_VARS,
        "--show-interactive-dev-session=false",
      ],
      { cwd: PROJECT_ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...QUIET_WRANGLER_ENV } },
    );
    await waitForOutput(server, /Ready on http/, 60_000);
    const base = `http://localhost:${port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    for (const path of ["/__sim/newbook/__control/state", "/__sim/resos/__control/state", "/__sim/resos/v1/customFields"]) {
      const response = await fetch(`${base}${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).toContain("Page not found");
    }
  });
});
