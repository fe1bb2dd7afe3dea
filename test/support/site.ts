// Starts the site the way a newcomer does (the `npm start` launcher) on a free port with
// throwaway local state, for tests that need a running server.
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { PROJECT_ROOT } from "../../scripts/lib/wrangler";
import { createStateDir } from "./local-state";
import { freePort } from "./processes";

export interface PrintedLogin {
  role: string;
  email: string;
  password: string;
}

export interface RunningSite {
  baseUrl: string;
  logins: PrintedLogin[];
  process: ChildProcess;
  stop(): Promise<void>;
}

export const READY_LINE = /Ctrl-C stops everything/;

export function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (pattern.test(output)) {
        clearTimeout(timer);
        resolve(output);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ${pattern}; output:\n${output}`));
    });
  });
}

/** The URL and logins exactly as the launcher printed them. */
export function parseBanner(output: string): { baseUrl: string | undefined; logins: PrintedLogin[] } {
  return {
    baseUrl: output.match(/running at (http:\/\/localhost:\d+)/)?.[1],
    logins: [...output.matchAll(/^\s+(admin|manager)\s+(\S+@\S+) \/ (\S+)$/gm)].map(([, role, email, password]) => ({
      role: role!,
      email: email!,
      password: password!,
    })),
  };
}

export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

export async function startSite(): Promise<RunningSite> {
  const stateDir = createStateDir();
  const port = await freePort();
  const child = spawn(`${PROJECT_ROOT}node_modules/.bin/tsx`, ["scripts/start.ts", "--port", String(port), "--persist-to", stateDir], {
    cwd: PROJECT_ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = await waitForOutput(child, READY_LINE, 90_000);
  const { baseUrl, logins } = parseBanner(output);
  return {
    baseUrl: baseUrl!,
    logins,
    process: child,
    async stop() {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      if (child.exitCode === null) {
        killGroup(child, "SIGINT");
        await exited;
      }
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
