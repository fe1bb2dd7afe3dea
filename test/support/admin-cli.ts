// The admin CLI run as a person runs it (`tsx scripts/admin.ts ...`), for the Node tests:
// its exit code and its output, one entry per non-empty line.
import { spawn } from "node:child_process";
import { PROJECT_ROOT } from "../../scripts/lib/wrangler";

export interface CliResult {
  code: number;
  stdout: string[];
  stderr: string[];
}

function lines(text: string): string[] {
  return text.split("\n").filter((line) => line.trim() !== "");
}

/**
 * Runs the CLI with `args`, against the local state in `persistTo` when given, with
 * exactly the CREDENTIALS_KEY in `env` (none when `env` has none).
 */
export function runAdminCli(args: string[], options: { persistTo?: string; env?: Record<string, string | undefined> } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(`${PROJECT_ROOT}node_modules/.bin/tsx`, ["scripts/admin.ts", ...args, ...(options.persistTo ? ["--persist-to", options.persistTo] : [])], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, CREDENTIALS_KEY: undefined, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout: lines(stdout), stderr: lines(stderr) }));
  });
}
