// A sync as an admin starts one over HTTP, for the benchmarks: a range started with the
// JSON API, run through the queue, and followed until it has ended.

export interface BenchSession {
  origin: string;
  cookie: string;
}

/** Syncs the nights `from`..`to` and resolves once the run has succeeded; throws when it did not start or did not succeed. */
export async function syncNights({ origin, cookie }: BenchSession, from: string, to: string, pollMs: number): Promise<void> {
  const response = await fetch(`${origin}/api/newbook/sync/historical`, {
    method: "POST",
    headers: { cookie, origin, "content-type": "application/json" },
    body: JSON.stringify({ date_from: from, date_to: to }),
  });
  if (response.status !== 202) throw new Error(`sync not started: ${response.status} ${await response.text()}`);
  const runUrl = `${origin}${response.headers.get("location")}`;
  for (;;) {
    const run = (await (await fetch(runUrl, { headers: { cookie } })).json()) as { status?: string };
    if (run.status === "success") return;
    if (run.status !== "running") throw new Error(`sync ended ${JSON.stringify(run)}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
