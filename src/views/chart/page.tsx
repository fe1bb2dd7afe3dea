import type { Child } from "hono/jsx";
import { STAY_PANEL_ID } from "./chart-fragment";

function Legend() {
  return (
    <section class="legend" aria-label="Legend">
      <span>
        <b class="dbb">DBB</b> dinner, bed &amp; breakfast
      </span>
      <span>
        <b class="bb">{"B&B"}</b> bed &amp; breakfast
      </span>
      <span>
        <b class="pkg">PKG</b> package
      </span>
      <span>
        <b class="tbl dinner">19:30·2</b> dinner table, time · covers (<b class="tbl lunch">12:30·2</b> lunch, <b class="tbl pending">?19:00·2</b> asked, not confirmed)
      </span>
      <span>
        <b class="notable">no table</b> DBB tonight, no dinner table booked
      </span>
      <span>◀ ▶ stay goes on beyond the dates shown</span>
      <span>
        <span class="legend-bar arrives"></span> thick left edge: arrives that day
      </span>
      <span>
        <span class="legend-bar departs"></span> thick right edge: leaves the next morning
      </span>
      <span>
        <span class="legend-bar g1"></span> one colour per group; tap a stay to mark its group
      </span>
    </section>
  );
}

/** The chart page: heading, the swappable chart, the legend, and the stay panel. */
export function ChartPage({ title, children, panel }: { title: string; children: Child; panel?: Child }) {
  return (
    <>
      <h1 class="chart-title">{title}</h1>
      {children}
      <div id={STAY_PANEL_ID} aria-live="polite">
        {panel}
      </div>
      <Legend />
    </>
  );
}
