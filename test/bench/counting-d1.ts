// A D1 binding that counts round trips: each batch() is one, and so is each statement run
// on its own (all, first, run, raw), through the database or a session of it. The statements
// themselves pass through untouched.
export interface RoundTrips {
  count: number;
}

export function countingD1(d1: D1Database, trips: RoundTrips): D1Database {
  const targets = new WeakMap<object, D1PreparedStatement>();
  const wrap = (statement: D1PreparedStatement): D1PreparedStatement => {
    const proxy = new Proxy(statement, {
      get(target, property) {
        if (property === "bind") return (...values: unknown[]) => wrap(target.bind(...values));
        if (property === "all" || property === "first" || property === "run" || property === "raw") {
          trips.count++;
        }
        const value = Reflect.get(target, property) as unknown;
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    targets.set(proxy, statement);
    return proxy;
  };
  const counted = <T extends D1Database | D1DatabaseSession>(database: T): T =>
    new Proxy(database, {
      get(target, property) {
        if (property === "prepare") return (query: string) => wrap(target.prepare(query));
        if (property === "batch") {
          return (statements: D1PreparedStatement[]) => {
            trips.count++;
            return target.batch(statements.map((s) => targets.get(s) ?? s));
          };
        }
        // A Sessions API session runs statements like the database itself: counted the same way.
        if (property === "withSession") return (start?: string) => counted((target as D1Database).withSession(start));
        const value = Reflect.get(target, property) as unknown;
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  return counted(d1);
}
