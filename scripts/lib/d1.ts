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

export class WranglerD1 {
  constructor(readonly target: D1Target) {}

  /** Runs the statements in one batch and returns each statement's rows. */
  async execute(statements: string[]): Promise<Row[][]> {
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

function describeFailure(parsed: unknown, stderr: string): string {
  const text =
    (parsed as { error?: { text?: string } } | undefined)?.error?.text ?? stderr.trim().split("\n").filter(Boolean).pop() ?? "unknown error";
  if (/no such table/i.test(text)) {
    return `${text}. Apply the migrations first: npx wrangler d1 migrations apply DB --local (or --remote).`;
  }
  return text;
}
