import type { HistoryTableRun } from "../db/sync-history";
import { formatDuration, formatInstant } from "./format";
import { runBadgeClass, runKindLabel } from "./sync-run-words";

function RunStatus({ run }: { run: HistoryTableRun }) {
  return (
    <>
      <span class={runBadgeClass(run.status)}>{run.status}</span>
      {run.status === "running" && run.chunksTotal > 1 ? <span class="run-progress-text">{` ${run.chunksDone} of ${run.chunksTotal} chunks`}</span> : null}
    </>
  );
}

/**
 * A kitchen's sync runs, newest first: the settings page's recent ones and the History
 * page's latest 50. A table on a wide screen; on a phone each run is a card (app.css),
 * its error in full, with no sideways scrolling.
 */
export function SyncRunTable({ runs, timeZone }: { runs: HistoryTableRun[]; timeZone: string }) {
  return (
    <div class="table-scroll">
      <table class="run-table phone-cards">
        <thead>
          <tr>
            <th scope="col">Started</th>
            <th scope="col">Status</th>
            <th scope="col">Kind</th>
            <th scope="col">Nights</th>
            <th scope="col">Duration</th>
            <th scope="col">API calls</th>
            <th scope="col">Rows written</th>
            <th scope="col">Warnings</th>
            <th scope="col">Error</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr data-run-id={String(run.id)} class={run.errorMessage ? "has-error" : undefined}>
              <td data-label="Started">{formatInstant(run.startedAt, timeZone)}</td>
              <td data-label="Status">
                <RunStatus run={run} />
              </td>
              <td data-label="Kind">{runKindLabel(run.kind)}</td>
              <td data-label="Nights">{`${run.dateFrom} to ${run.dateTo}`}</td>
              <td data-label="Duration">{run.durationMs === null ? "" : formatDuration(run.durationMs)}</td>
              <td data-label="API calls">{run.apiCalls}</td>
              <td data-label="Rows written">{run.rowsWritten}</td>
              <td data-label="Warnings">{run.warnings}</td>
              <td data-label="Error" class="wrap run-error">{run.errorMessage ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
