import type { KitchenMembership } from "../auth/sessions";
import type { SyncHistoryPageData } from "../db/sync-history";
import { buildSyncHistory } from "../domain/sync-history";
import { describeHistory, layoutSyncChart, type ChartLayout } from "./history/history-chart";
import { SyncRunTable } from "./sync-run-table";

const TITLE_ID = "history-chart-title";
const DESC_ID = "history-chart-desc";

/** The week's chart: an SVG drawn only with classes from app.css (the CSP allows no inline style). */
function HistoryChart({ layout, summaryText }: { layout: ChartLayout; summaryText: string }) {
  const { plot, failureLane } = layout;
  const failedHours = layout.failures.length;
  const overScale = layout.bars.filter((bar) => bar.overScale).length;
  const description =
    `${summaryText} Each bar is the longest finished run started in that hour, on a scale up to ${layout.ticks[layout.ticks.length - 1]!.label}` +
    `${overScale > 0 ? `; ${overScale} hour${overScale === 1 ? "" : "s"} went beyond it` : ""}. ` +
    `${failedHours === 0 ? "No hour had a failed run." : `${failedHours} hour${failedHours === 1 ? "" : "s"} had a failed run, marked in red below the bars.`}`;
  return (
    <svg class="history-chart" viewBox={`0 0 ${layout.width} ${layout.height}`} role="img" aria-labelledby={TITLE_ID} aria-describedby={DESC_ID}>
      <title id={TITLE_ID}>Sync run durations and failures, last 7 days</title>
      <desc id={DESC_ID}>{description}</desc>
      {layout.ticks.map((tick) => (
        <>
          <line class="history-grid" x1={plot.left} x2={plot.right} y1={tick.y} y2={tick.y} />
          <text class="history-axis" x={plot.left - 4} y={tick.y + 3.5} text-anchor="end">
            {tick.label}
          </text>
        </>
      ))}
      {layout.dayLines.map((line) => (
        <line class="history-day" x1={line.x} x2={line.x} y1={plot.top} y2={failureLane.y + failureLane.height} data-date={line.date} />
      ))}
      {layout.bars.map((bar) => (
        <rect class={bar.overScale ? "history-bar over" : "history-bar"} x={bar.x} y={bar.y} width={bar.width} height={bar.height} />
      ))}
      <text class="history-axis" x={plot.left - 4} y={failureLane.y + failureLane.height - 0.5} text-anchor="end">
        failed
      </text>
      {layout.failures.map((mark) => (
        <rect class="history-failure" x={mark.x} y={mark.y} width={mark.width} height={mark.height} data-failed={String(mark.failed)}>
          <title>{mark.label}</title>
        </rect>
      ))}
      {layout.dayLabels.map((label) => (
        <text class="history-axis" x={label.x} y={layout.dayLabelBaseline} text-anchor="middle">
          {label.text}
        </text>
      ))}
    </svg>
  );
}

export function HistoryPage({ kitchen, data, now }: { kitchen: KitchenMembership; data: SyncHistoryPageData; now: Date }) {
  const history = buildSyncHistory(data.weekRuns, now.getTime());
  const summaryText = describeHistory(history.summary);
  const layout = layoutSyncChart(history, kitchen.timeZone);
  return (
    <>
      <h1>Sync history</h1>
      <p class="muted">How the syncs of {kitchen.name} went. Times are shown in {kitchen.timeZone}.</p>
      <section class="card" aria-labelledby="history-week">
        <h2 id="history-week">Last 7 days</h2>
        {history.summary.runs === 0 ? (
          <p class="muted history-empty">
            No sync has run in the last 7 days. Syncs run on the kitchen's schedule once Newbook is connected, and when an admin presses "Sync now" in Settings; the
            chart appears after the first one.
          </p>
        ) : (
          <>
            <p class="history-summary">{summaryText}</p>
            <HistoryChart layout={layout} summaryText={summaryText} />
            <p class="muted history-legend">
              <span>
                <span class="history-key key-duration"></span> longest finished run started in the hour
              </span>
              {layout.bars.some((bar) => bar.overScale) ? (
                <span>
                  <span class="history-key key-over"></span> longer than the scale
                </span>
              ) : null}
              <span>
                <span class="history-key key-failure"></span> an hour with a failed run
              </span>
            </p>
          </>
        )}
      </section>
      <section class="card" aria-labelledby="history-runs">
        <h2 id="history-runs">Latest runs</h2>
        {data.runs.length === 0 ? (
          <p class="muted">No sync has run yet.</p>
        ) : (
          <>
            <p class="muted">{data.runs.length === 1 ? "The only run so far." : `The ${data.runs.length} most recent runs, newest first.`}</p>
            <SyncRunTable runs={data.runs} timeZone={kitchen.timeZone} />
          </>
        )}
      </section>
    </>
  );
}
