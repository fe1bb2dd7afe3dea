import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_LOGINS, ensureDemoKitchen } from "../../scripts/lib/demo";
import { decryptForKitchen, importCredentialsKey } from "../../src/crypto/credentials";
import { SIMULATOR_CREDENTIALS } from "../../src/newbook/simulator";
import { PROJECT_ROOT } from "../../scripts/lib/wrangler";
import { createMigratedState, createStateDir } from "../support/local-state";
import { freePort, isAlive, processTree } from "../support/processes";
import { killGroup, parseBanner, READY_LINE, waitForOutput } from "../support/site";

const stateDir = createStateDir();
const KEY = Buffer.alloc(32, 7).toString("base64");
let site: ChildProcess | undefined;

afterAll(() => {
  if (site && site.exitCode === null) killGroup(site, "SIGKILL");
  rmSync(stateDir, { recursive: true, force: true });
});

async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/login`, {
    method: "POST",
    body: new URLSearchParams({ email, password }),
    headers: { origin: baseUrl },
    redirect: "manual",
  });
  expect(response.status, `sign-in of ${email}`).toBe(303);
  return response.headers.get("set-cookie")!.split(";")[0]!;
}

describe("npm start", () => {
  it("prints the URL and two logins that sign in, ticks the scheduled handler, and Ctrl-C leaves no process", async () => {
    const port = await freePort();
    // Detached: its own process group, as a shell gives a foreground job.
    site = spawn("npm", ["start", "--", "--port", String(port), "--persist-to", stateDir], {
      cwd: PROJECT_ROOT,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const { baseUrl, logins: printed } = parseBanner(await waitForOutput(site, READY_LINE, 90_000));
    expect(baseUrl).toBe(`http://localhost:${port}`);
    expect(printed.map((login) => login.role)).toEqual(["admin", "manager"]);

    for (const login of printed) {
      const cookie = await signIn(baseUrl!, login.email, login.password);
      const home = await fetch(`${baseUrl}/k/demo`, { headers: { cookie } });
      expect(home.status).toBe(200);
      const html = await home.text();
      expect(html).toContain("Demo Hotel");
      expect(html).toContain(`(${login.role})`);
      // The launcher synced the demo kitchen from the simulator before printing the logins.
      expect(html).toMatch(/Last sync [^<]*: success\./);
    }
    const scheduled = await fetch(`${baseUrl}/__scheduled?cron=*+*+*+*+*`);
    expect(scheduled.status).toBe(200);

    const tree = processTree(site.pid!);
    expect(tree.length).toBeGreaterThan(3); // npm, the launcher, wrangler, workerd
    const exited = new Promise<void>((resolve) => site!.once("exit", () => resolve()));
    killGroup(site, "SIGINT"); // what Ctrl-C in a terminal does
    await exited;
    const deadline = Date.now() + 10_000;
    while (tree.some(isAlive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(tree.filter(isAlive)).toEqual([]);
    expect(await fetch(`${baseUrl}/healthz`).then(() => "answered", () => "refused")).toBe("refused");
  });

  it("notices a worker that died under it, says so, and starts it again", async () => {
    const watchedState = createStateDir();
    const port = await freePort();
    const launcher = spawn("npm", ["start", "--", "--port", String(port), "--persist-to", watchedState], { cwd: PROJECT_ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    try {
      const { baseUrl } = parseBanner(await waitForOutput(launcher, READY_LINE, 90_000));
      const restarted = waitForOutput(launcher, /restarted: the site answers again/, 90_000);
      // What running out of memory does to it: workerd gone, without a word.
      const workerd = processTree(launcher.pid!).filter((pid) => readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "workerd");
      expect(workerd.length).toBeGreaterThan(0);
      for (const pid of workerd) process.kill(pid, "SIGKILL");
      const output = await restarted;
      expect(output).toMatch(/\[start\] (the site stopped answering|wrangler dev stopped)[^\n]*: restarting wrangler dev/);
      expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
    } finally {
      // As Ctrl-C: the launcher stops the wrangler it started last, workerd with it.
      const tree = processTree(launcher.pid!);
      const exited = new Promise<void>((resolve) => launcher.once("exit", () => resolve()));
      killGroup(launcher, "SIGINT");
      await exited;
      const deadline = Date.now() + 10_000;
      while (tree.some(isAlive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
      for (const pid of tree.filter(isAlive)) process.kill(pid, "SIGKILL");
      rmSync(watchedState, { recursive: true, force: true });
    }
  });

  it("creates the demo kitchen only when it is missing", async () => {
    const state = await createMigratedState();
    try {
      await ensureDemoKitchen(state.d1, KEY);
      await ensureDemoKitchen(state.d1, KEY);
      const [counts] = await state.d1.query<{ kitchens: number; users: number; memberships: number; settings: number; connections: number }>(
        `SELECT (SELECT count(*) FROM kitchens) AS kitchens, (SELECT count(*) FROM users) AS users,
                (SELECT count(*) FROM memberships) AS memberships, (SELECT count(*) FROM sync_settings) AS settings,
                (SELECT count(*) FROM newbook_connections) AS connections`,
      );
      expect(counts).toEqual({ kitchens: 1, users: DEMO_LOGINS.length, memberships: DEMO_LOGINS.length, settings: 1, connections: 1 });
      // Connected to the in-process simulator, with its credentials encrypted for the kitchen.
      const [connection] = await state.d1.query<{ kitchen_id: number; region: string; credentials_ciphertext: string }>(
        "SELECT kitchen_id, region, credentials_ciphertext FROM newbook_connections",
      );
      const stored = JSON.parse(await decryptForKitchen(await importCredentialsKey(KEY), connection!.kitchen_id, connection!.credentials_ciphertext));
      expect(stored).toEqual({ username: SIMULATOR_CREDENTIALS.username, password: SIMULATOR_CREDENTIALS.password, apiKey: SIMULATOR_CREDENTIALS.apiKey });
      expect(connection!.region).toBe(SIMULATOR_CREDENTIALS.region);
    } finally {
      state.remove();
    }
  });
});
