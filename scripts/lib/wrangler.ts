// Running the project's own wrangler from Node scripts: quiet, offline, no prompts.
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
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

/**
 * What a local build adds to wrangler's arguments: the Newbook and resOS simulators. A
 * deployed Worker is built without it (wrangler.toml's [define] sets SIMULATORS_BUNDLED to
 * false), so none of their code is in it.
 */
export const WITH_SIMULATORS = ["--define", "SIMULATORS_BUNDLED:true"] as const;

/** The vars that serve the simulators and point both clients at them (a build must carry them to use them). */
export const SIMULATOR_VARS = ["--var", "SIMULATORS:on", "--var", "NEWBOOK_BASE_URL:simulator", "--var", "RESOS_BASE_URL:simulator"] as const;

export interface WorkerBundle {
  /** The bundled script, as it would be uploaded. */
  script: string;
  /** The modules bundled into it, as its source map names them (paths from the project root). */
  sources: string[];
  /** wrangler's own line, such as `Total Upload: 463.39 KiB / gzip: 148.50 KiB`. */
  sizeLine: string;
  kib: number;
  gzipKib: number;
}

/**
 * The Worker bundled offline exactly as `wrangler deploy` would upload it (`--dry-run
 * --outdir` into a throwaway directory), with the size wrangler reports. `extraArgs`:
 * `WITH_SIMULATORS` for the local build.
 */
export async function bundleWorker(extraArgs: readonly string[] = []): Promise<WorkerBundle> {
  const outdir = mkdtempSync(join(tmpdir(), "kr-bundle-"));
  try {
    const result = await runWrangler(["deploy", "--dry-run", "--outdir", outdir, ...extraArgs]);
    if (result.code !== 0) throw new Error(`wrangler deploy --dry-run failed (code ${result.code}):\n${result.stdout}${result.stderr}`);
    const size = /^Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB$/m.exec(result.stdout);
    if (!size) throw new Error(`wrangler deploy --dry-run printed no "Total Upload" line:\n${result.stdout}`);
    const map = JSON.parse(readFileSync(join(outdir, "index.js.map"), "utf8")) as { sources: string[] };
    return {
      script: readFileSync(join(outdir, "index.js"), "utf8"),
      sources: map.sources.map((source) => relative(PROJECT_ROOT, resolve(outdir, source))),
      sizeLine: size[0],
      kib: Number(size[1]),
      gzipKib: Number(size[2]),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
