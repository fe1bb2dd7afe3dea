import { addDays, daysBetween } from "../domain/dates";
import type { DateRange } from "../domain/stay-nights";

/** Historical ranges are fetched and written in chunks of at most 31 nights. */
export const MAX_CHUNK_DAYS = 31;

export function splitIntoChunks(from: string, to: string, size = MAX_CHUNK_DAYS): DateRange[] {
  const chunks: DateRange[] = [];
  for (let start = from; daysBetween(start, to) >= 0; start = addDays(start, size)) {
    const end = addDays(start, size - 1);
    chunks.push({ from: start, to: daysBetween(end, to) >= 0 ? end : to });
  }
  return chunks;
}
