import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
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
