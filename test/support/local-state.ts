// Throwaway local wrangler state for Node-side tests: a fresh --persist-to directory with
// the project's migrations applied, removed afterwards.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WranglerD1 } from "../../scripts/lib/d1";
import { runWrangler } from "../../scripts/lib/wrangler";

export interface LocalState {
  dir: string;
  d1: WranglerD1;
  remove(): void;
}

export function createStateDir(): string {
  return mkdtempSync(join(tmpdir(), "kr-state-"));
}

export async function createMigratedState(): Promise<LocalState> {
  const dir = createStateDir();
  const result = await runWrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", dir]);
  if (result.code !== 0) throw new Error(`migrations failed: ${result.stdout}${result.stderr}`);
  return { dir, d1: new WranglerD1({ remote: false, persistTo: dir }), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
