// A corpus of malformed arguments for the admin CLI, run as a person runs it (tsx
// scripts/admin.ts against throwaway local state): each is refused with one readable line
// naming its option and a non-zero exit, and the local D1 holds exactly the rows it held
// before the corpus. (An argument cannot carry NUL: the operating system ends it there.)
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAdminCli, type CliResult } from "../support/admin-cli";
import { createMigratedState, type LocalState } from "../support/local-state";

const KEY = Buffer.alloc(32, 7).toString("base64");
const MARKUP = "<script>alert(1)</script>";
const DROP = "x'; DROP TABLE kitchens--";
const OR_TRUE = "' OR 1=1--";
let state: LocalState;

function admin(args: string[]): Promise<CliResult> {
  return runAdminCli(args, { env: { CREDENTIALS_KEY: KEY }, persistTo: state.dir });
}

/**
 * Per table of the local D1 (listed from sqlite_master), its row count and a SHA-256 of
 * its rows. Only SQLite's own tables and workerd's (_cf_) are left out: nothing the CLI
 * does on a refusal may change any row, so no column is excluded.
 */
async function fingerprint(): Promise<Record<string, string>> {
  const tables = (
    await state.d1.query<{ name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\' ORDER BY name",
    )
  ).map((row) => row.name);
  const results = await state.d1.execute(tables.map((table) => `SELECT * FROM "${table}"`));
  return Object.fromEntries(
    tables.map((table, index) => {
      const rows = (results[index] ?? []).map((row) => JSON.stringify(row)).sort();
      return [table, `${rows.length} rows ${createHash("sha256").update(rows.join("\n")).digest("hex")}`];
    }),
  );
}

const USER = ["user", "create", "--email", "cook@harbour.example", "--password", "long-enough-pass", "--kitchen", "harbour", "--role", "manager"];
const NEWBOOK = ["newbook", "connect", "--kitchen", "harbour", "--username", "nb-user", "--password", "nb-pass", "--api-key", "instances_0123456789abcdef0123456789abcdef", "--region", "eu"];

/** The arguments with `flag`'s value replaced. */
function withValue(args: string[], flag: string, value: string): string[] {
  const copy = [...args];
  copy[copy.indexOf(flag) + 1] = value;
  return copy;
}

const cases: { name: string; args: string[]; message: RegExp }[] = [
  // kitchen create
  { name: "slug a SQL fragment", args: ["kitchen", "create", "--slug", DROP, "--name", "X"], message: /--slug/ },
  { name: "slug ' OR 1=1--", args: ["kitchen", "create", "--slug", OR_TRUE, "--name", "X"], message: /--slug/ },
  { name: "slug markup", args: ["kitchen", "create", "--slug", MARKUP, "--name", "X"], message: /--slug/ },
  { name: "slug an emoji", args: ["kitchen", "create", "--slug", "🍳", "--name", "X"], message: /--slug/ },
  { name: "slug behind a right-to-left mark", args: ["kitchen", "create", "--slug", "\u200Fharbour-two", "--name", "X"], message: /--slug/ },
  { name: "slug of 41 characters", args: ["kitchen", "create", "--slug", "a".repeat(41), "--name", "X"], message: /--slug/ },
  { name: "slug empty", args: ["kitchen", "create", "--slug", "", "--name", "X"], message: /--slug/ },
  { name: "name empty", args: ["kitchen", "create", "--slug", "new-inn", "--name", "   "], message: /--name: must not be empty/ },
  { name: "name of 101 characters", args: ["kitchen", "create", "--slug", "new-inn", "--name", "N".repeat(101)], message: /--name: at most 100 characters/ },
  { name: "name with a line break", args: ["kitchen", "create", "--slug", "new-inn", "--name", "New\nInn"], message: /--name: must not hold control characters/ },
  { name: "name with a terminal escape", args: ["kitchen", "create", "--slug", "new-inn", "--name", "\u001b[31mNew Inn"], message: /--name: must not hold control characters/ },
  { name: "name a lone surrogate", args: ["kitchen", "create", "--slug", "new-inn", "--name", "New \ud800 Inn"], message: /--name: holds a character that is not text/ },
  { name: "time zone a SQL fragment", args: ["kitchen", "create", "--slug", "new-inn", "--name", "X", "--tz", "Europe/London'; DROP TABLE kitchens--"], message: /--tz: not an IANA time zone/ },
  { name: "time zone markup", args: ["kitchen", "create", "--slug", "new-inn", "--name", "X", "--tz", MARKUP], message: /--tz: not an IANA time zone/ },
  { name: "slug given twice", args: ["kitchen", "create", "--slug", "new-inn", "--slug", "other-inn", "--name", "X"], message: /--slug is given more than once/ },
  // user create and grant
  { name: "email ' OR 1=1--", args: withValue(USER, "--email", OR_TRUE), message: /--email: not an email address/ },
  { name: "email markup", args: withValue(USER, "--email", `${MARKUP}@harbour.example`), message: /--email: not an email address/ },
  { name: "email behind a right-to-left override", args: withValue(USER, "--email", "\u202Ecook@harbour.example"), message: /--email: not an email address/ },
  { name: "email of 300 characters", args: withValue(USER, "--email", `${"c".repeat(285)}@harbour.example`), message: /--email: at most 254 characters/ },
  { name: "password of 1,025 characters", args: withValue(USER, "--password", "p".repeat(1025)), message: /--password: at most 1,024 characters/ },
  { name: "password with a line break", args: withValue(USER, "--password", "long-enough\npass"), message: /--password: must not hold control characters/ },
  { name: "role a SQL fragment", args: withValue(USER, "--role", "admin' --"), message: /--role: admin or manager/ },
  { name: "kitchen a SQL fragment", args: withValue(USER, "--kitchen", "harbour' OR '1'='1"), message: /--slug\/--kitchen/ },
  { name: "role given twice (grant)", args: ["user", "grant", "--email", "chef@harbour.example", "--kitchen", "lodge", "--role", "manager", "--role", "admin"], message: /--role is given more than once/ },
  // token create and revoke (token #1 of harbour exists: none of these may name it)
  { name: "token id 0x01", args: ["token", "revoke", "--kitchen", "harbour", "--id", "0x01"], message: /--id: a token number, digits only/ },
  { name: "token id 1e0", args: ["token", "revoke", "--kitchen", "harbour", "--id", "1e0"], message: /--id: a token number, digits only/ },
  { name: "token id 1.0", args: ["token", "revoke", "--kitchen", "harbour", "--id", "1.0"], message: /--id: a token number, digits only/ },
  { name: "token id ' 1' (a leading space)", args: ["token", "revoke", "--kitchen", "harbour", "--id", " 1"], message: /--id: a token number, digits only/ },
  { name: "token id -1", args: ["token", "revoke", "--kitchen", "harbour", "--id=-1"], message: /--id: a token number, digits only/ },
  { name: "token id empty", args: ["token", "revoke", "--kitchen", "harbour", "--id", ""], message: /--id: a token number, digits only/ },
  { name: "token id of 20 digits", args: ["token", "revoke", "--kitchen", "harbour", "--id", "99999999999999999999"], message: /--id: a token number, digits only/ },
  { name: "token id a SQL fragment", args: ["token", "revoke", "--kitchen", "harbour", "--id", "1 OR 1=1"], message: /--id: a token number, digits only/ },
  { name: "token kitchen given twice", args: ["token", "revoke", "--kitchen", "lodge", "--kitchen", "harbour", "--id", "1"], message: /--kitchen is given more than once/ },
  { name: "token label empty", args: ["token", "create", "--kitchen", "harbour", "--role", "manager", "--label", " "], message: /--label: must not be empty/ },
  { name: "token label of 101 characters", args: ["token", "create", "--kitchen", "harbour", "--role", "manager", "--label", "L".repeat(101)], message: /--label: at most 100 characters/ },
  { name: "token label with a line break", args: ["token", "create", "--kitchen", "harbour", "--role", "manager", "--label", "Pass\nprinter"], message: /--label: must not hold control characters/ },
  // newbook and resos connect
  { name: "region a SQL fragment", args: withValue(NEWBOOK, "--region", "eu'; DROP TABLE kitchens--"), message: /--region/ },
  { name: "region behind a right-to-left mark", args: withValue(NEWBOOK, "--region", "\u200Feu"), message: /--region/ },
  { name: "newbook username of 501 characters", args: withValue(NEWBOOK, "--username", "u".repeat(501)), message: /--username: at most 500 characters/ },
  { name: "newbook api key with a line break", args: withValue(NEWBOOK, "--api-key", "instances_0123\nX-Injected: 1"), message: /--api-key: must not hold control characters/ },
  { name: "resos api key with a tab", args: ["resos", "connect", "--kitchen", "harbour", "--api-key", "resos\tkey"], message: /--api-key: must not hold control characters/ },
  { name: "resos api key of 501 characters", args: ["resos", "connect", "--kitchen", "harbour", "--api-key", "k".repeat(501)], message: /--api-key: at most 500 characters/ },
];

let before: Record<string, string>;

beforeAll(async () => {
  state = await createMigratedState();
  // Rows for a bad argument to change: two kitchens, a member, a token, both connections.
  for (const args of [
    ["kitchen", "create", "--slug", "harbour", "--name", "Harbour Hotel"],
    ["kitchen", "create", "--slug", "lodge", "--name", "Lodge"],
    ["user", "create", "--email", "chef@harbour.example", "--password", "long-enough-pass", "--kitchen", "harbour", "--role", "admin"],
    ["token", "create", "--kitchen", "harbour", "--role", "manager", "--label", "Pass printer"],
    NEWBOOK,
  ]) {
    const result = await admin(args);
    expect(result, args.join(" ")).toMatchObject({ code: 0, stderr: [] });
  }
  const [token] = await state.d1.query<{ id: number }>("SELECT id FROM api_tokens");
  expect(token!.id).toBe(1);
  // The fingerprint sees a write: the last setup step changes it.
  const withoutResos = await fingerprint();
  expect(await admin(["resos", "connect", "--kitchen", "harbour", "--api-key", "resos-key-1"])).toMatchObject({ code: 0, stderr: [] });
  before = await fingerprint();
  expect(before.resos_connections).not.toBe(withoutResos.resos_connections);
  expect(before.kitchens).toBe(withoutResos.kitchens);
});
afterAll(() => state?.remove());

describe.sequential("admin CLI: malformed arguments are refused in one line, nothing written", () => {
  it.each(cases)("$name", async ({ args, message }) => {
    const result = await admin(args);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toEqual([]);
    expect(result.stderr).toHaveLength(1);
    expect(result.stderr[0]).toMatch(/^error: \S.{8,}$/);
    expect(result.stderr[0]).toMatch(message);
  });

  it("the corpus holds at least 40 inputs, and the local D1 holds the rows it held before", async () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(Object.keys(before)).toEqual(expect.arrayContaining(["kitchens", "users", "memberships", "api_tokens", "newbook_connections", "resos_connections", "sync_settings"]));
    expect(await fingerprint()).toEqual(before);
  });
});
