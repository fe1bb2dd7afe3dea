// `npm start`: the whole site on this machine. Applies the local D1 migrations, creates the
// demo kitchen and its logins when missing, serves the Worker with wrangler dev (built with
// the simulators and with them on, Newbook and resOS answered by the in-process simulators),
// syncs the demo kitchen once, and ticks the scheduled handler once a minute, since wrangler
// dev fires no crons. Ctrl-C stops wrangler and workerd with it.
import type { ChildProcess } from "node:child_process";
import { parseArgs } from "node:util";
import { RETENTION_PURGE_CRON } from "../src/domain/retention";
import { WranglerD1 } from "./lib/d1";
import { DEMO_KITCHEN, DEMO_LOGINS, ensureDemoKitchen } from "./lib/demo";
import { ensureDevCredentialsKey, readDevVar } from "./lib/dev-vars";
import { runWrangler, SIMULATOR_VARS, spawnWrangler, WITH_SIMULATORS } from "./lib/wrangler";

const CRON_EVERY_MS = 60_000;
/** How often the launcher asks the running site whether it still answers, and how long it waits. */
const WATCH_EVERY_MS = 5_000;
const WATCH_TIMEOUT_MS = 3_000;
/** Failed checks in a row before the worker is taken for dead and started again. */
const MISSES_BEFORE_RESTART = 3;
const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    port: { type: "string", default: process.env.PORT ?? "8787" },
    "persist-to": { type: "string" },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`error: --port must be a TCP port number, not "${values.port}"`);
  process.exit(2);
}
const persistArgs = values["persist-to"] ? ["--persist-to", values["persist-to"]] : [];
const url = `http://localhost:${port}`;

function log(message: string): void {
  console.log(`[start] ${message}`);
}

async function applyMigrations(): Promise<void> {
  const result = await runWrangler(["d1", "migrations", "apply", "DB", "--local", ...persistArgs]);
  if (result.code !== 0) {
    throw new Error(`applying migrations failed:\n${result.stdout}${result.stderr}`);
  }
}

function startWrangler(): ChildProcess {
  // Its own process group, so stopping it takes workerd along; no stdin, so it shows no
  // hotkeys and Ctrl-C reaches this script.
  const child = spawnWrangler(
    [
      "dev",
      "--port",
      String(port),
      "--test-scheduled",
      // The local build: the simulators in (wrangler.toml leaves them out of a deploy).
      ...WITH_SIMULATORS,
      ...SIMULATOR_VARS,
      "--show-interactive-dev-session=false",
      ...persistArgs,
    ],
    { detached: true, stdio: ["ignore", "inherit", "inherit"] },
  );
  return child;
}

async function waitUntilReady(child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the site did not answer on ${url} within ${READY_TIMEOUT_MS / 1000} s`);
}

/** Signs in as the demo admin and presses "Sync now", so a newcomer sees data at once. */
const FIRST_SYNC_TIMEOUT_MS = 60_000;

async function syncDemoKitchen(): Promise<string> {
  const admin = DEMO_LOGINS.find((login) => login.role === "admin")!;
  const headers = { origin: url };
  const signIn = await fetch(`${url}/login`, {
    method: "POST",
    headers,
    body: new URLSearchParams({ email: admin.email, password: admin.password }),
    redirect: "manual",
  });
  const cookie = signIn.headers.get("set-cookie")?.split(";")[0];
  if (signIn.status !== 303 || !cookie) return "skipped: the demo admin's password has changed";
  try {
    const sync = await fetch(`${url}/k/${DEMO_KITCHEN.slug}/settings/sync`, { method: "POST", headers: { ...headers, cookie }, redirect: "manual" });
    if (!sync.headers.get("location")?.includes("sync-started")) return "not started (see Settings)";
    // The sync runs through the queue: follow the kitchen's status until it has ended.
    const deadline = Date.now() + FIRST_SYNC_TIMEOUT_MS;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const status = await fetch(`${url}/api/settings/newbook-frequent-sync`, { headers: { cookie } });
      const { last_sync_status } = (await status.json()) as { last_sync_status: string | null };
      if (last_sync_status === "success") return "done";
      if (last_sync_status !== "running") return `${last_sync_status ?? "unknown"} (see Settings)`;
    }
    return "still running (see Settings)";
  } finally {
    await fetch(`${url}/logout`, { method: "POST", headers: { ...headers, cookie }, redirect: "manual" });
  }
}

async function fireCron(cron: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/__scheduled?cron=${encodeURIComponent(cron)}`);
    if (!response.ok) log(`scheduled ${cron} answered ${response.status}`);
    return response.ok;
  } catch (error) {
    log(`scheduled ${cron} failed: ${(error as Error).message}`);
    return false;
  }
}

const SYNC_CRON = "* * * * *";

// The day (UTC) the retention purge last ran: it runs on the first tick of each day.
let purgedOn = "";

async function tickScheduled(): Promise<void> {
  await fireCron(SYNC_CRON);
  const day = new Date().toISOString().slice(0, 10);
  if (day !== purgedOn && (await fireCron(RETENTION_PURGE_CRON))) purgedOn = day;
}

function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  const group = -child.pid;
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      try {
        process.kill(group, "SIGKILL");
      } catch {
        // Already gone.
      }
    }, STOP_GRACE_MS);
    child.once("exit", () => {
      clearTimeout(force);
      // Anything of the group still alive (workerd) goes too.
      try {
        process.kill(group, "SIGKILL");
      } catch {
        // Already gone.
      }
      resolve();
    });
    try {
      process.kill(group, "SIGTERM");
    } catch {
      resolve();
    }
  });
}

async function main(): Promise<void> {
  if (ensureDevCredentialsKey()) log("wrote .dev.vars with a new random CREDENTIALS_KEY");
  log("applying local D1 migrations");
  await applyMigrations();
  log("creating the demo kitchen and logins if missing");
  await ensureDemoKitchen(new WranglerD1({ remote: false, persistTo: values["persist-to"] }), readDevVar("CREDENTIALS_KEY")!);

  log("starting wrangler dev");
  let wrangler = startWrangler();
  let stopping = false;
  let restarting = false;
  let ready = false;
  const stop = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    clearInterval(cron);
    clearInterval(watch);
    await stopProcessGroup(wrangler);
    process.exit(exitCode);
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void stop(0));

  // The worker can die under the launcher (workerd out of memory while wrangler lives on, or
  // wrangler itself): then it is started again, and said so, rather than left failing.
  const restart = async (why: string) => {
    if (stopping || restarting) return;
    restarting = true;
    log(`${why}: restarting wrangler dev`);
    await stopProcessGroup(wrangler);
    // A workerd left behind by a wrangler that died would keep the port.
    try {
      if (wrangler.pid !== undefined) process.kill(-wrangler.pid, "SIGKILL");
    } catch {
      // Nothing left of it.
    }
    wrangler = startWrangler();
    watchExit(wrangler);
    try {
      await waitUntilReady(wrangler);
      log(`restarted: the site answers again at ${url}`);
    } catch (error) {
      console.error(`[start] the restart failed: ${(error as Error).message}`);
      restarting = false;
      await stop(1);
      return;
    }
    restarting = false;
  };
  const watchExit = (child: ChildProcess) =>
    child.on("exit", (code) => {
      if (stopping || restarting || child !== wrangler) return;
      if (!ready) {
        log(`wrangler dev stopped (code ${code ?? "none"})`);
        void stop(code ?? 1);
        return;
      }
      void restart(`wrangler dev stopped (code ${code ?? "none"})`);
    });
  watchExit(wrangler);
  const cron = setInterval(() => void tickScheduled(), CRON_EVERY_MS);
  let misses = 0;
  const watch = setInterval(() => {
    if (!ready || restarting || stopping) return;
    fetch(`${url}/healthz`, { signal: AbortSignal.timeout(WATCH_TIMEOUT_MS) })
      .then((response) => (response.ok ? 0 : 1))
      .catch(() => 1)
      .then((missed) => {
        misses = missed === 0 ? 0 : misses + 1;
        if (misses >= MISSES_BEFORE_RESTART) {
          misses = 0;
          void restart(`the site stopped answering (${MISSES_BEFORE_RESTART} health checks in a row failed)`);
        }
      });
  }, WATCH_EVERY_MS);

  try {
    await waitUntilReady(wrangler);
    ready = true;
  } catch (error) {
    console.error(`[start] ${(error as Error).message}`);
    await stop(1);
    return;
  }
  log(`first sync of the demo kitchen: ${await syncDemoKitchen().catch((error: Error) => `failed: ${error.message}`)}`);
  console.log(
    [
      "",
      `Kitchen Residents is running at ${url}`,
      `Demo kitchen: ${DEMO_KITCHEN.name} (${url}/k/${DEMO_KITCHEN.slug})`,
      ...DEMO_LOGINS.map((login) => `  ${login.role.padEnd(8)} ${login.email} / ${login.password}`),
      "The scheduled handler runs once a minute. Ctrl-C stops everything.",
      "",
    ].join("\n"),
  );
}

main().catch((error: unknown) => {
  console.error(`[start] ${(error as Error).message}`);
  process.exit(1);
});
