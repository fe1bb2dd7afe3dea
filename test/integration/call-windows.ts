// Counting calls per window from their recorded times: what a rate limit sees. Pure, for the
// unit tests of the slot arithmetic and the workerd tests that read a simulator's record.

/**
 * The most calls any window of `windowMs` held: the API's kind of window, where a call at
 * t + windowMs no longer shares one with a call at t. Times in ms, any order.
 */
export function busiestWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let first = 0, last = 0; first < sorted.length; first++) {
    while (last < sorted.length && sorted[last]! < sorted[first]! + windowMs) last++;
    most = Math.max(most, last - first);
  }
  return most;
}
