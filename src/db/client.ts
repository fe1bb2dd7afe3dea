import type { SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1";
import * as schema from "./schema";

export type Database = DrizzleD1Database<typeof schema>;

/** One statement of a D1 batch (a query builder or raw SQL), not yet run: `db.batch` runs them as one transaction. */
export type BatchStatement = BatchItem<"sqlite">;

/**
 * A D1 database, or one of its Sessions API sessions (reads from replicas, in sequence
 * with the session's bookmark): statements run the same way on either.
 */
export function database(d1: D1Database | D1DatabaseSession): Database {
  return drizzle(d1 as D1Database, { schema });
}

/** Runs statements as one D1 batch (one round trip, one transaction); their results in order. */
export function runBatch(db: Database, statements: BatchStatement[]): Promise<unknown[]> {
  if (statements.length === 0) return Promise.resolve([]);
  return db.batch(statements as [BatchStatement, ...BatchStatement[]]);
}

/** A read as statements to join a caller's one batch, and what turns their results (in order) into its value. */
export interface BatchRead<T> {
  statements: BatchStatement[];
  read(results: unknown[]): T;
}

/**
 * The kitchen a read is of: its id, the key of what this isolate keeps of its data, and what
 * stands for it in SQL. A trusted caller's (the sync, a page whose caller is already known)
 * is the id itself; a page read together with its caller's credential uses a subquery that
 * yields the id only while that credential may read the kitchen, so a bad session or a
 * foreign kitchen reads nothing.
 */
export interface KitchenRef {
  id: number;
  sql: number | SQL<number>;
}

export const kitchenRef = (id: number): KitchenRef => ({ id, sql: id });

/** A read of nothing: `value` without a statement (a request refused before reading, say). */
export function readNothing<T>(value: T): BatchRead<T> {
  return { statements: [], read: () => value };
}

/** The same statements, their value turned into another. */
export function mapRead<A, B>(plan: BatchRead<A>, map: (value: A) => B): BatchRead<B> {
  return { statements: plan.statements, read: (results) => map(plan.read(results)) };
}
