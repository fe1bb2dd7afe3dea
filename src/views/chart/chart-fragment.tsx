import { raw } from "hono/html";
import type { KitchenMembership } from "../../auth/sessions";
import { neighbourWindow, type ChartWindow } from "../../domain/chart-window";
import { dateHeading, liveAreaAttributes, shortDate } from "../format";
import type { ResidentsChart } from "./chart-model";
import { chartBodyHtml } from "./grid-html";

export const CHART_ID = "chart";
export const STAY_PANEL_ID = "stay-panel";
const NIGHT_CHOICES = [1, 3, 7, 14, 30];

export function chartUrl(slug: string, start: string, nights: number): string {
  return `/k/${slug}/chart?start=${start}&nights=${nights}`;
}

/** A link that swaps only the chart with htmx and pushes the URL; a plain link without JavaScript. None past the last date there is. */
function ChartLink({ href, label, children }: { href: string | null; label: string; children: string }) {
  if (href === null) {
    return (
      <span class="button secondary" aria-disabled="true" aria-label={label}>
        {children}
      </span>
    );
  }
  return (
    <a class="button secondary" href={href} hx-get={href} hx-target={`#${CHART_ID}`} hx-swap="outerHTML" hx-push-url="true" aria-label={label}>
      {children}
    </a>
  );
}

function Toolbar({ slug, window, today }: { slug: string; window: ChartWindow; today: string }) {
  const action = `/k/${slug}/chart`;
  const choices = NIGHT_CHOICES.includes(window.nights) ? NIGHT_CHOICES : [...NIGHT_CHOICES, window.nights].sort((a, b) => a - b);
  const [previous, next] = [neighbourWindow(window, -1), neighbourWindow(window, 1)];
  return (
    <div class="chart-toolbar">
      <ChartLink href={previous && chartUrl(slug, previous.start, previous.nights)} label={`Previous ${window.nights} nights`}>
        ◀
      </ChartLink>
      <ChartLink href={chartUrl(slug, today, window.nights)} label="From today">
        Today
      </ChartLink>
      <ChartLink href={next && chartUrl(slug, next.start, next.nights)} label={`Next ${window.nights} nights`}>
        ▶
      </ChartLink>
      <form method="get" action={action} class="chart-picker" hx-get={action} hx-target={`#${CHART_ID}`} hx-swap="outerHTML" hx-push-url="true">
        <label>
          <span class="visually-hidden">First night</span>
          <input type="date" name="start" value={window.start} required />
        </label>
        <label>
          <span class="visually-hidden">Nights</span>
          <select name="nights">
            {choices.map((n) => (
              <option value={String(n)} selected={n === window.nights}>
                {`${n} night${n === 1 ? "" : "s"}`}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="primary">
          Show
        </button>
      </form>
    </div>
  );
}

/** The part of the chart page that htmx swaps: toolbar, summary and grid. */
export function ChartFragment({
  kitchen,
  window,
  chart,
  today,
  lastSyncAt,
}: {
  kitchen: KitchenMembership;
  window: ChartWindow;
  chart: ResidentsChart;
  today: string;
  lastSyncAt: string | null;
}) {
  const { summary } = chart;
  const unsyncedDates = new Set(summary.unsyncedDates);
  const [firstUnsynced, lastUnsynced] = [summary.unsyncedDates[0], summary.unsyncedDates.at(-1)];
  return (
    <div id={CHART_ID} class="chart-area" {...liveAreaAttributes(kitchen.slug, lastSyncAt, chartUrl(kitchen.slug, window.start, window.nights))}>
      <Toolbar slug={kitchen.slug} window={window} today={today} />
      <p class="chart-summary">
        {`${summary.rooms} rooms · ${summary.bookings} bookings · ${summary.roomNights} room nights`}
        {summary.occupancyPct === null ? "" : ` · ${summary.occupancyPct}% occupancy`}
        {summary.nightsWithTable === null ? "" : ` · ${summary.nightsWithTable} nights with a table${summary.coveragePct === null ? "" : ` (${summary.coveragePct}%)`}`}
      </p>
      {firstUnsynced === undefined || lastUnsynced === undefined ? null : (
        <p class="chart-unsynced">
          {`${summary.unsyncedDates.length === chart.dates.length ? "None of these nights has been synced yet" : `${summary.unsyncedDates.length} of these nights have not been synced yet`}: they are shaded and left out of the numbers.`}
          {kitchen.role === "admin" ? (
            <>
              {" "}
              <a href={`/k/${kitchen.slug}/settings?sync_from=${firstUnsynced}&sync_to=${lastUnsynced}#sync-section`}>{`Sync ${firstUnsynced === lastUnsynced ? "that night" : `${shortDate(firstUnsynced)} to ${shortDate(lastUnsynced)}`}`}</a>
            </>
          ) : (
            " An admin of this kitchen can sync them."
          )}
        </p>
      )}
      <div class="chart-scroll" tabindex={0} aria-label="Residents chart, scrolls sideways">
        <table class="chart">
          <thead>
            <tr>
              <th scope="col" class="corner">
                Room
              </th>
              {chart.dates.map((date) => {
                const heading = dateHeading(date, today.slice(0, 4));
                const unsynced = unsyncedDates.has(date);
                return (
                  <th scope="col" class={`day${date === today ? " today" : ""}${unsynced ? " unsynced" : ""}`}>
                    <span class="weekday">{heading.weekday}</span> {heading.day}
                    {heading.year === null ? null : <span class="year">{heading.year}</span>}
                    {unsynced ? <span class="not-synced">not synced</span> : null}
                  </th>
                );
              })}
            </tr>
          </thead>
          {raw(chartBodyHtml(chart, kitchen.slug))}
        </table>
      </div>
      {chart.rows.length === 0 ? <p class="muted">No rooms yet: they appear after the first sync.</p> : null}
    </div>
  );
}
