// The chart grid's rows as an HTML string. A 200-room, 30-night chart has thousands of
// cells; building them as strings instead of JSX nodes keeps a render in a few
// milliseconds, and the compact markup keeps the page light on a weak signal. Every
// value from the data goes through escapeHtml.
import type { ChartFooterDay, ChartRow, NightBadges, ResidentsChart, StayBar } from "./chart-model";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character]!);
}

function nightBadges(night: NightBadges): string {
  const meal = night.dinner ? '<b class="dbb">DBB</b>' : night.breakfast ? '<b class="bb">B&amp;B</b>' : "";
  return `<i>${meal}${night.package ? '<b class="pkg">PKG</b>' : ""}</i>`;
}

function barHtml(bar: StayBar, room: string, slug: string): string {
  let classes = "bar";
  if (bar.groupColor !== null) classes += ` g${bar.groupColor}`;
  if (bar.arrivesInWindow) classes += " arrives";
  if (bar.departsInWindow) classes += " departs";
  const group = bar.groupId === null ? "" : ` data-group="${escapeHtml(bar.groupId)}"`;
  const label = escapeHtml(`${room}: ${bar.label}, ${bar.pax}, ${bar.arrival} to ${bar.departure}`);
  // Markup kept lean (styled by structure in app.css): a month of a big hotel is thousands of bars.
  return (
    `<a class="${classes}" href="/k/${slug}/chart/stay/${encodeURIComponent(bar.bookingId)}"${group} aria-label="${label}">` +
    `${bar.continuesBefore ? "<i>◀</i>" : ""}<b>${escapeHtml(bar.label)}</b><small>${escapeHtml(bar.pax)}</small>${bar.continuesAfter ? "<i>▶</i>" : ""}` +
    `<span>${bar.nights.map(nightBadges).join("")}</span></a>`
  );
}

function rowHtml(row: ChartRow, slug: string): string {
  let cells = "";
  for (const cell of row.cells) {
    cells += cell.type === "vacant" ? "<td></td>" : `<td colspan="${cell.bar.span}">${barHtml(cell.bar, row.label, slug)}</td>`;
  }
  return `<tr${row.kind === "unallocated" ? ' class="unallocated"' : ""}><th scope="row" class="room">${escapeHtml(row.label)}</th>${cells}</tr>`;
}

const FOOTER_ROWS: { label: string; value: (day: ChartFooterDay) => string }[] = [
  { label: "Rooms", value: (d) => `${d.occupied}/${d.available}` },
  { label: "Guests", value: (d) => String(d.guests) },
  { label: "DBB guests", value: (d) => String(d.dinnerGuests) },
  { label: "Breakfast next morning", value: (d) => String(d.breakfastNextMorning) },
  { label: "Arrivals", value: (d) => String(d.arrivals) },
  { label: "Departures", value: (d) => String(d.departures) },
];

/** `<tbody>` and `<tfoot>` of the chart table. */
export function chartBodyHtml(chart: ResidentsChart, slug: string): string {
  const body = chart.rows.map((row) => rowHtml(row, slug)).join("");
  const foot = FOOTER_ROWS.map(
    (footer) => `<tr><th scope="row" class="room">${footer.label}</th>${chart.footer.map((day) => `<td>${footer.value(day)}</td>`).join("")}</tr>`,
  ).join("");
  return `<tbody>${body}</tbody><tfoot>${foot}</tfoot>`;
}
