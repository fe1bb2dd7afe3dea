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

/** A kitchen's sync runs, newest first: the settings page's recent ones and the History page's latest 50. */
export function SyncRunTable({ runs, timeZone }: { runs: HistoryTableRun[]; timeZone: string }) {
  return (
    <div class="table-scroll">
      <table class="run-table">
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
            <tr data-run-id={String(run.id)}>
              <td>{formatInstant(run.startedAt, timeZone)}</td>
              <td>
                <RunStatus run={run} />
              </td>
              <td>{runKindLabel(run.kind)}</td>
              <td>{`${run.dateFrom} to ${run.dateTo}`}</td>
              <td>{run.durationMs === null ? "" : formatDuration(run.durationMs)}</td>
              <td>{run.apiCalls}</td>
              <td>{run.rowsWritten}</td>
              <td>{run.warnings}</td>
              <td class="wrap">{run.errorMessage ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
