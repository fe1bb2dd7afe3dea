// D1 from Node, through `wrangler d1 execute`: the local database by default, the
// production one with --remote. A call's statements run as one batch: all or nothing.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runWrangler } from "./wrangler";

export interface D1Target {
  remote: boolean;
  persistTo?: string;
}

export class D1Error extends Error {
  override name = "D1Error";
}

type Row = Record<string, unknown>;

const LOCAL_ATTEMPTS = 3;
const TRANSIENT_LOCAL_FAILURE = /internal error|SQLITE_BUSY|database is locked/i;

export class WranglerD1 {
  constructor(readonly target: D1Target) {}

  /**
   * Runs the statements in one batch and returns each statement's rows. Local D1 can fail
   * transiently when several processes open it at once; a failed batch wrote nothing, so
   * it is tried again a few times.
   */
  async execute(statements: string[]): Promise<Row[][]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.executeOnce(statements);
      } catch (error) {
        const transient = error instanceof D1Error && !this.target.remote && TRANSIENT_LOCAL_FAILURE.test(error.message);
        if (!transient || attempt >= LOCAL_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
    }
  }

  private async executeOnce(statements: string[]): Promise<Row[][]> {
    const dir = mkdtempSync(join(tmpdir(), "kr-d1-"));
    const file = join(dir, "statements.sql");
    writeFileSync(file, statements.map((s) => s.trim().replace(/;$/, "") + ";").join("\n"));
    const args = ["d1", "execute", "DB", "--json", "--yes", "--file", file, this.target.remote ? "--remote" : "--local"];
    if (this.target.persistTo) args.push("--persist-to", this.target.persistTo);
    try {
      const { code, stdout, stderr } = await runWrangler(args);
      const parsed = parseJson(stdout);
      if (code !== 0 || !Array.isArray(parsed)) {
        throw new D1Error(describeFailure(parsed, stderr));
      }
      return parsed.map((result: { results?: Row[] }) => result.results ?? []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  async query<T extends Row>(sql: string): Promise<T[]> {
    const [rows] = await this.execute([sql]);
    return (rows ?? []) as T[];
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** One line: wrangler's error text may carry a stack trace below it. */
function describeFailure(parsed: unknown, stderr: string): string {
  const full = (parsed as { error?: { text?: string } } | undefined)?.error?.text ?? stderr.trim().split("\n").filter(Boolean).pop();
  const text = full?.split("\n")[0]?.trim() || "unknown error";
  if (/no such table/i.test(text)) {
    return `${text}. Apply the migrations first: npx wrangler d1 migrations apply DB --local (or --remote).`;
  }
  return text;
}
