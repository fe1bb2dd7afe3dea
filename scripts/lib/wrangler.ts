// Running the project's own wrangler from Node scripts: quiet, offline, no prompts.
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { fileURLToPath } from "node:url";

export const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const WRANGLER_BIN = `${PROJECT_ROOT}node_modules/.bin/wrangler`;

export const QUIET_WRANGLER_ENV = {
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_SEND_ERROR_REPORTS: "false",
  WRANGLER_HIDE_BANNER: "true",
} as const;

export function spawnWrangler(args: string[], options: SpawnOptions = {}): ChildProcess {
  return spawn(WRANGLER_BIN, args, {
    cwd: PROJECT_ROOT,
    ...options,
    env: { ...process.env, ...QUIET_WRANGLER_ENV, ...options.env },
  });
}

export interface WranglerResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runWrangler(args: string[]): Promise<WranglerResult> {
  return new Promise((resolve, reject) => {
    const child = spawnWrangler(args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (chunk) => (stdout += chunk));
    child.stderr!.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}
