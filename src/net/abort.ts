// Waiting the way a network call waits: a hung or slow answer ends when the caller gives
// up, and an aborted in-process fetch rejects at once, as a real fetch does.

/** Resolves when the caller gives up (its AbortSignal fires) or after `capMs`. */
export function untilAborted(signal: AbortSignal, capMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, capMs);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}

/** Like a network fetch: an aborted request rejects with the signal's reason, whatever the handler is doing. */
export function settleOnAbort(response: Promise<Response>, signal: AbortSignal): Promise<Response> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    response.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
