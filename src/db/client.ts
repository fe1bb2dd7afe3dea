import type { BatchItem } from "drizzle-orm/batch";
import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1";
import * as schema from "./schema";

export type Database = DrizzleD1Database<typeof schema>;

/** One statement of a D1 batch (a query builder or raw SQL), not yet run: `db.batch` runs them as one transaction. */
export type BatchStatement = BatchItem<"sqlite">;

export function database(d1: D1Database): Database {
  return drizzle(d1, { schema });
}

/** Runs statements as one D1 batch (one round trip, one transaction); their results in order. */
export function runBatch(db: Database, statements: BatchStatement[]): Promise<unknown[]> {
  if (statements.length === 0) return Promise.resolve([]);
  return db.batch(statements as [BatchStatement, ...BatchStatement[]]);
}
