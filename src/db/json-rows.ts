// Rows for bulk writes travel as one JSON array per statement, unpacked by SQLite's json_each:
// a few bound parameters per statement however many rows, so a month of a large hotel stays
// far inside D1's limits of 100 parameters and 1,000 queries per invocation. Arrays are cut
// at JSON_CHUNK_CHARS.
import { sql } from "drizzle-orm";
import type { AnySQLiteColumn } from "drizzle-orm/sqlite-core";

const JSON_CHUNK_CHARS = 90_000;

/** Splits rows into JSON arrays of at most JSON_CHUNK_CHARS characters each. */
export function jsonChunks(rows: unknown[][]): string[] {
  const chunks: string[] = [];
  let current: string[] = [];
  let length = 2;
  for (const row of rows) {
    const encoded = JSON.stringify(row);
    if (current.length > 0 && length + encoded.length + 1 > JSON_CHUNK_CHARS) {
      chunks.push(`[${current.join(",")}]`);
      current = [];
      length = 2;
    }
    current.push(encoded);
    length += encoded.length + 1;
  }
  if (current.length > 0) chunks.push(`[${current.join(",")}]`);
  return chunks;
}

/** `value ->> 0, value ->> 1, ...` for a json_each row of `count` columns. */
export function jsonColumns(count: number) {
  return sql.raw(Array.from({ length: count }, (_, i) => `value ->> ${i}`).join(", "));
}

/** The value an upsert's conflicting row brought for `column`. */
export function excluded(column: AnySQLiteColumn) {
  return sql.raw(`excluded.${column.name}`);
}
