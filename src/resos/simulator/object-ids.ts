// resOS is a MongoDB application: every _id is a 24-hex ObjectId, 4 bytes of creation
// seconds, 5 bytes fixed per process and a 3-byte counter. Minting them the same way keeps
// them realistic (ids of older records sort first) and, from the seeded PRNG, the same on
// every run.
import type { Random } from "../../newbook/simulator/random";

/** A new ObjectId for a record created at `atMs` (ms since the epoch). */
export type ObjectIdFactory = (atMs: number) => string;

const COUNTER_SPAN = 0x1000000;

export function objectIdFactory(random: Random): ObjectIdFactory {
  const processPart = hex(random.int(0, 0xffffff), 6) + hex(random.int(0, 0xffff), 4);
  let counter = random.int(0, COUNTER_SPAN - 1);
  return (atMs) => {
    counter = (counter + 1) % COUNTER_SPAN;
    const seconds = Math.min(0xffffffff, Math.max(0, Math.floor(atMs / 1000)));
    return hex(seconds, 8) + processPart + hex(counter, 6);
  };
}

function hex(value: number, digits: number): string {
  return value.toString(16).padStart(digits, "0");
}
