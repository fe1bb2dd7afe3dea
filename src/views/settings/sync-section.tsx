import type { KitchenSetup } from "../../db/kitchen-setup";
import type { SyncRunRow } from "../../db/sync-runs";
import { formatInstant } from "../../domain/kitchen-time";
import { Message } from "../messages";

export const SYNC_SECTION_ID = "sync-section";

function duration(ms: number | null): string {
  if (ms === null) return "";
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function SyncSection({ slug, setup, runs, timeZone, notice }: { slug: string; setup: KitchenSetup; runs: SyncRunRow[]; timeZone: string; notice?: string }) {
  const action = `/k/${slug}/settings/sync`;
  const daysAhead = setup.sync?.daysAhead ?? 7;
  return (
    <section class="card" id={SYNC_SECTION_ID}>
      <h2>Sync</h2>
      <p class="muted">"Sync now" fetches today and the next {daysAhead} days from Newbook and replaces what is stored for them.</p>
      <Message text={notice} />
      <form method="post" action={action} hx-post={action} hx-target={`#${SYNC_SECTION_ID}`} hx-swap="outerHTML">
        <button type="submit" class="primary" disabled={setup.newbook === null}>
          Sync now
        </button>
        {setup.newbook === null ? <span class="muted"> Connect Newbook first.</span> : null}
      </form>
      {runs.length === 0 ? (
        <p class="muted">No sync has run yet.</p>
      ) : (
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Status</th>
                <th scope="col">Kind</th>
                <th scope="col">Nights</th>
                <th scope="col">Took</th>
                <th scope="col">Calls</th>
                <th scope="col">Rows</th>
                <th scope="col">Warnings</th>
                <th scope="col">Error</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <tr>
                  <td>{formatInstant(run.startedAt, timeZone)}</td>
                  <td>
                    <span class={run.status === "success" ? "badge ok" : run.status === "failed" ? "badge failed" : "badge off"}>{run.status}</span>
                  </td>
                  <td>{run.kind}</td>
                  <td>{`${run.dateFrom} to ${run.dateTo}`}</td>
                  <td>{duration(run.durationMs)}</td>
                  <td>{run.apiCalls}</td>
                  <td>{run.rowsWritten}</td>
                  <td>{run.warnings}</td>
                  <td class="wrap">{run.errorMessage ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
