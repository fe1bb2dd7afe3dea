// What every benchmark prints: rows of a measure, its result and its target, as a Markdown
// table, and the percentile its latencies are reported by.

export interface BenchRow {
  measure: string;
  value: string;
  target: string;
  /** null: reported, no target to meet. */
  met: boolean | null;
}

/** The p-th percentile of ascending `sorted`, nearest rank. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function printTable(rows: BenchRow[]): void {
  console.log("\n| measure | result | target | |\n| --- | --- | --- | --- |");
  for (const row of rows) console.log(`| ${row.measure} | ${row.value} | ${row.target} | ${row.met === null ? "" : row.met ? "met" : "MISSED"} |`);
}
