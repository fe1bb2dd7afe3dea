// Rooms listed the way staff walk the corridors: "2", "10", "10A", "101", not the
// text order "10", "101", "10A", "2".

// A room name splits into runs of digits and runs of anything else: "10A" -> ["10", "a"].
const RUNS = /\d+|\D+/g;

function isDigits(run: string): boolean {
  return run.charCodeAt(0) >= 48 && run.charCodeAt(0) <= 57;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Compared as text after dropping leading zeros, so "007" equals "7" and a run of any
// length compares correctly without overflowing a number.
function compareDigitRuns(a: string, b: string): number {
  const left = a.replace(/^0+(?=\d)/, "");
  const right = b.replace(/^0+(?=\d)/, "");
  return left.length - right.length || compareText(left, right);
}

/**
 * Natural order for room names: digit runs compare as numbers, the rest without regard to
 * case, a number sorts before text in the same position, and a name that is a prefix of
 * another comes first. Names equal by those rules ("7"/"07", "a"/"A") fall back to plain
 * text order, so the result never depends on input order.
 */
export function compareRoomNames(a: string, b: string): number {
  const left = a.toLowerCase().match(RUNS) ?? [];
  const right = b.toLowerCase().match(RUNS) ?? [];
  for (let index = 0; index < Math.min(left.length, right.length); index++) {
    const x = left[index] ?? "";
    const y = right[index] ?? "";
    const xIsNumber = isDigits(x);
    const yIsNumber = isDigits(y);
    const order = xIsNumber && yIsNumber ? compareDigitRuns(x, y) : xIsNumber !== yIsNumber ? (xIsNumber ? -1 : 1) : compareText(x, y);
    if (order !== 0) return Math.sign(order);
  }
  return Math.sign(left.length - right.length) || compareText(a, b);
}
