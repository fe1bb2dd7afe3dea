// .dev.vars holds local secrets for wrangler dev (git-ignored). `npm start` creates it with
// a random CREDENTIALS_KEY when absent; the admin CLI reads the key from the environment,
// else from here.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { PROJECT_ROOT } from "./wrangler";

export const DEV_VARS_PATH = join(PROJECT_ROOT, ".dev.vars");

export function readDevVar(name: string, path = DEV_VARS_PATH): string | undefined {
  if (!existsSync(path)) return undefined;
  for (const line of readFileSync(path, "utf8").split(/\r?\n/)) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (match && match[1] === name) return match[2]!.replace(/^(["'])(.*)\1$/, "$2");
  }
  return undefined;
}

/** Appends a fresh CREDENTIALS_KEY to .dev.vars unless one is there. Returns true if it wrote one. */
export function ensureDevCredentialsKey(path = DEV_VARS_PATH): boolean {
  if (readDevVar("CREDENTIALS_KEY", path)) return false;
  const existing = existsSync(path) ? readFileSync(path, "utf8") : "";
  const separator = existing === "" || existing.endsWith("\n") ? "" : "\n";
  writeFileSync(path, `${existing}${separator}CREDENTIALS_KEY=${randomBytes(32).toString("base64")}\n`, { mode: 0o600 });
  return true;
}
