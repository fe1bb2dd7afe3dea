import type { KitchenSetup } from "../../db/kitchen-setup";
import type { SyncRunRow } from "../../db/run-store";
import { MAX_CHUNK_NIGHTS, MAX_RANGE_DAYS } from "../../domain/date-range";
import { DEFAULT_DAYS_AHEAD } from "../../domain/sync-schedule";
import { FieldError, invalidAttributes, type FieldErrors } from "../form-fields";
import { Message } from "../messages";
import { SyncRunTable } from "../sync-run-table";
import { plainSyncFailure } from "../sync-failure-words";
import { runKindLabel } from "../sync-run-words";

export const SYNC_SECTION_ID = "sync-section";
/** The result beside Sync now: the same id in every redraw, so the focus stays on it. */
const SYNC_RESULT_ID = "sync-result";
/** How often a page with a running sync asks for its progress. */
export const PROGRESS_POLL = "every 2s";

export interface HistoricalFormState {
  dateFrom?: string;
  dateTo?: string;
  errors?: FieldErrors;
}


function RunProgress({ run, slug }: { run: SyncRunRow; slug: string }) {
  const action = `/k/${slug}/settings/sync/cancel`;
  const percent = run.chunksTotal > 0 ? Math.round((100 * run.chunksDone) / run.chunksTotal) : 0;
  return (
    <div class="run-progress">
      <p>
        <strong>{`${runKindLabel(run.kind)}: running`}</strong>
        {` for ${run.dateFrom} to ${run.dateTo}.`}
      </p>
      <progress max={run.chunksTotal} value={run.chunksDone} aria-label="Chunks synced">{`${percent}%`}</progress>
      <p class="muted">
        {`${run.chunksDone} of ${run.chunksTotal} ${run.chunksTotal === 1 ? "chunk" : "chunks"} of up to ${MAX_CHUNK_NIGHTS} nights done. `}
        <noscript>Reload the page to see it move on.</noscript>
      </p>
      <form method="post" action={action} hx-post={action} hx-target={`#${SYNC_SECTION_ID}`} hx-swap="outerHTML">
        <input type="hidden" name="run_id" value={String(run.id)} />
        <button type="submit" class="secondary">
          Cancel this sync
        </button>
        <span class="muted"> It stops before the next chunk; the nights synced by then are kept.</span>
      </form>
    </div>
  );
}

/** The run a page was following, once it has ended; undefined while it runs or when none was followed. */
export function endedRun(runs: SyncRunRow[], watching: number | null): SyncRunRow | undefined {
  return watching === null ? undefined : runs.find((run) => run.id === watching && run.status !== "running");
}

/** How a run the page was following ended, in words beside the Sync now button. */
export function finishedWords(run: SyncRunRow): { text: string; failed: boolean } {
  const what = plainSyncFailure(run.errorMessage);
  if (run.status === "success") return { text: `The sync has finished: ${run.rowsWritten} rows written, the pages show the new data.`, failed: false };
  if (run.status === "cancelled") return { text: "The sync was cancelled; the nights synced before it stopped are kept.", failed: false };
  if (run.status === "partial") return { text: `The sync finished, but part of it failed${what ? `: ${what}` : "."} The rest was saved.`, failed: true };
  return { text: `The sync failed${what ? `: ${what}` : "."} The data from before is kept.`, failed: true };
}

export function SyncSection({
  slug,
  setup,
  runs,
  timeZone,
  notice,
  failed,
  historical = {},
  watching = null,
}: {
  slug: string;
  setup: KitchenSetup;
  runs: SyncRunRow[];
  timeZone: string;
  notice?: string | undefined;
  failed?: boolean;
  historical?: HistoricalFormState;
  /** The run the page was following while it ran: once it has ended, how it ended is said. */
  watching?: number | null;
}) {
  const base = `/k/${slug}/settings/sync`;
  const daysAhead = setup.sync?.daysAhead ?? DEFAULT_DAYS_AHEAD;
  const running = runs.find((run) => run.status === "running");
  const blocked = setup.newbook === null || running !== undefined;
  // While a run is going, the section asks for itself again until the run has ended.
  // Only a run this page started is followed to its end (a scheduled one, or another
  // admin's, ends without taking anyone's focus).
  const followed = running !== undefined && running.id === watching;
  const polling = running ? { "hx-get": followed ? `${base}?watching=${running.id}` : base, "hx-trigger": PROGRESS_POLL, "hx-swap": "outerHTML" } : {};
  const watched = endedRun(runs, watching);
  const finished = watched === undefined ? null : finishedWords(watched);
  return (
    <section class="card" id={SYNC_SECTION_ID} {...polling}>
      <h2>Sync</h2>
      {running ? <RunProgress run={running} slug={slug} /> : null}
      <p class="muted">"Sync now" fetches today and the next {daysAhead} days from Newbook and replaces what is stored for them.</p>
      <form method="post" action={base} hx-post={base} hx-target={`#${SYNC_SECTION_ID}`} hx-swap="outerHTML">
        <button type="submit" class="primary" disabled={blocked}>
          Sync now
        </button>
        {setup.newbook === null ? <span class="muted"> Connect Newbook first.</span> : null}
        {/* A run that has ended already says how, rather than that it started. */}
        {finished !== null ? (
          <Message id={SYNC_RESULT_ID} text={finished.text} failed={finished.failed} result />
        ) : followed && notice === undefined ? (
          <Message id={SYNC_RESULT_ID} text="The sync is running; how it ends will show here." />
        ) : (
          <Message id={SYNC_RESULT_ID} text={notice} failed={failed} result />
        )}
      </form>
      <form method="post" action={`${base}/historical`} hx-post={`${base}/historical`} hx-target={`#${SYNC_SECTION_ID}`} hx-swap="outerHTML" class="stack">
        <fieldset disabled={blocked}>
          <legend>Sync a past or future range</legend>
          <p class="muted">
            {`Fetches every night from the first date to the last again, past nights included (a normal sync leaves them alone), in chunks of up to ${MAX_CHUNK_NIGHTS} nights. At most ${MAX_RANGE_DAYS} days.`}
          </p>
          <div class="date-pair">
            <label>
              From
              <input type="date" name="date_from" required value={historical.dateFrom ?? ""} {...invalidAttributes(historical.errors, "date_from")} />
              <FieldError errors={historical.errors} name="date_from" />
            </label>
            <label>
              To
              <input type="date" name="date_to" required value={historical.dateTo ?? ""} {...invalidAttributes(historical.errors, "date_to")} />
              <FieldError errors={historical.errors} name="date_to" />
            </label>
          </div>
          <button type="submit" class="secondary">
            Sync this range
          </button>
          <Message text={historical.errors ? "Not started: see the dates marked above." : undefined} failed result />
        </fieldset>
      </form>
      {runs.length === 0 ? (
        <p class="muted">No sync has run yet.</p>
      ) : (
        <SyncRunTable runs={runs} timeZone={timeZone} />
      )}
      <p>
        <a class="secondary" href={`/k/${slug}/history`}>
          Sync history
        </a>{" "}
        <span class="muted">every run, and the last 7 days at a glance.</span>
      </p>
    </section>
  );
}
