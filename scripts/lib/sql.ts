// SQL literals for statements handed to `wrangler d1 execute`, which takes no bound
// parameters. SQLite strings escape only the single quote, by doubling it.

export type SqlValue = string | number | boolean | null;

export function sqlLiteral(value: SqlValue): string {
  if (value === null) return "NULL";
  if (typeof value === "boolean") return value ? "1" : "0";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  if (value.includes("\0")) throw new Error("text values may not contain NUL characters");
  return `'${value.replace(/'/g, "''")}'`;
}

/** `INSERT INTO t (a, b) VALUES (…)` with literal values. */
export function insertRow(table: string, row: Record<string, SqlValue>): string {
  const columns = Object.keys(row);
  return `INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map((c) => sqlLiteral(row[c]!)).join(", ")})`;
}
