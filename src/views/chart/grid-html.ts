// The chart grid's rows as an HTML string. A 200-room, 30-night chart has thousands of
// cells; building them as strings instead of JSX nodes keeps a render in a few
// milliseconds, and the compact markup keeps the page light on a weak signal. Every
// value from the data goes through escapeHtml.
import type { ChartFooterDay, ChartRow, NightBadges, NightTable, ResidentsChart, StayBar } from "./chart-model";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character]!);
}

const SERVICE_WORDS = { breakfast: "Breakfast", lunch: "Lunch", dinner: "Dinner", other: "Table" } as const;

/** "19:30·2": the time and covers; the service is the badge's colour and its title. */
function tableBadge(table: NightTable): string {
  const time = escapeHtml(table.time ?? "--:--");
  const words = `${SERVICE_WORDS[table.service]} ${time}, ${table.people} covers${table.pending ? ", not confirmed yet" : ""}`;
  return `<b class="tbl ${table.service}${table.pending ? " pending" : ""}" title="${words}">${table.pending ? "?" : ""}${time}·${table.people}</b>`;
}

function nightBadges(night: NightBadges): string {
  const meal = night.dinner ? `<b class="dbb${night.noDinnerTable ? " untabled" : ""}">DBB</b>` : night.breakfast ? '<b class="bb">B&amp;B</b>' : "";
  const [first, ...others] = night.tables;
  const tables = first ? tableBadge(first) + (others.length > 0 ? `<b class="tbl more" title="${others.length} more table(s) this night">+${others.length}</b>` : "") : "";
  const missing = night.noDinnerTable ? '<b class="notable" title="DBB, no dinner table booked">no table</b>' : "";
  return `<i>${meal}${night.package ? '<b class="pkg">PKG</b>' : ""}${tables}${missing}</i>`;
}

function barHtml(bar: StayBar, room: string, slug: string): string {
  let classes = "bar";
  if (bar.groupColor !== null) classes += ` g${bar.groupColor}`;
  if (bar.arrivesInWindow) classes += " arrives";
  if (bar.departsInWindow) classes += " departs";
  const group = bar.groupId === null ? "" : ` data-group="${escapeHtml(bar.groupId)}"`;
  const untabled = bar.nights.filter((night) => night.noDinnerTable).length;
  const tabled = bar.nights.filter((night) => night.tables.some((table) => !table.pending)).length;
  const tables = bar.nights.some((night) => night.tables.length > 0 || night.noDinnerTable) ? `, tables on ${tabled} of ${bar.nights.length} nights${untabled > 0 ? `, ${untabled} DBB nights without a dinner table` : ""}` : "";
  const label = escapeHtml(`${room}: ${bar.label}, ${bar.pax}, ${bar.arrival} to ${bar.departure}${tables}`);
  // Markup kept lean (styled by structure in app.css): a month of a big hotel is thousands of bars.
  return (
    `<a class="${classes}" href="/k/${slug}/chart/stay/${encodeURIComponent(bar.bookingId)}"${group} aria-label="${label}">` +
    `${bar.continuesBefore ? "<i>◀</i>" : ""}<b>${escapeHtml(bar.label)}</b><small>${escapeHtml(bar.pax)}</small>${bar.continuesAfter ? "<i>▶</i>" : ""}` +
    `<span>${bar.nights.map(nightBadges).join("")}</span></a>`
  );
}

function rowHtml(row: ChartRow, slug: string, unsynced: ReadonlySet<string>): string {
  let cells = "";
  for (const cell of row.cells) {
    cells += cell.type === "vacant" ? (unsynced.has(cell.date) ? '<td class="unsynced"></td>' : "<td></td>") : `<td colspan="${cell.bar.span}">${barHtml(cell.bar, row.label, slug)}</td>`;
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

/** "Vegan 2, Nut allergy 1", largest first. */
export function dietaryText(dietary: Record<string, number>): string {
  return Object.entries(dietary)
    .sort(([a, m], [b, n]) => n - m || a.localeCompare(b))
    .map(([need, count]) => `${need} ${count}`)
    .join(", ");
}

type RestaurantFooterDay = ChartFooterDay & { restaurant: NonNullable<ChartFooterDay["restaurant"]> };

/** The restaurant's rows, when resOS is connected; a closed night says so once and counts nothing missing. */
const RESTAURANT_ROWS: { label: string; value: (day: RestaurantFooterDay) => string; cell?: (day: RestaurantFooterDay) => string }[] = [
  { label: "Resident tables", value: (d) => (d.restaurant.restaurantClosed ? "closed" : String(d.restaurant.residentTables)) },
  {
    label: "DBB rooms without a dinner table",
    value: (d) => (d.restaurant.restaurantClosed ? "-" : String(d.restaurant.dbbRoomsWithoutDinnerTable)),
    cell: (d) => (!d.restaurant.restaurantClosed && d.restaurant.dbbRoomsWithoutDinnerTable > 0 ? ' class="alert"' : ""),
  },
  { label: "Dinner covers: resident / non-resident", value: (d) => `${d.restaurant.dinnerResidentCovers} / ${d.restaurant.dinnerNonResidentCovers}` },
  { label: "Expected dinner covers", value: (d) => String(d.restaurant.expectedDinnerCovers) },
  { label: "Dietary (dinner tables)", value: (d) => escapeHtml(dietaryText(d.restaurant.dietary)) || "-", cell: () => ' class="dietary"' },
];

function footerRow(label: string, days: string): string {
  return `<tr><th scope="row" class="room">${label}</th>${days}</tr>`;
}

/** `<tbody>` and `<tfoot>` of the chart table. */
/** A night no sync has written: its numbers are not known, so none is shown. */
const NOT_SYNCED_CELL = '<td class="unsynced">-</td>';

export function chartBodyHtml(chart: ResidentsChart, slug: string): string {
  const unsynced = new Set(chart.summary.unsyncedDates);
  const body = chart.rows.map((row) => rowHtml(row, slug, unsynced)).join("");
  let foot = FOOTER_ROWS.map((footer) => footerRow(footer.label, chart.footer.map((day) => (day.synced ? `<td>${footer.value(day)}</td>` : NOT_SYNCED_CELL)).join(""))).join("");
  if (chart.hasTables) {
    const days = chart.footer.filter((day): day is RestaurantFooterDay => day.restaurant !== null);
    if (days.length === chart.footer.length) {
      foot += RESTAURANT_ROWS.map((row) => footerRow(row.label, days.map((day) => (day.synced ? `<td${row.cell?.(day) ?? ""}>${row.value(day)}</td>` : NOT_SYNCED_CELL)).join(""))).join("");
    }
  }
  return `<tbody>${body}</tbody><tfoot>${foot}</tfoot>`;
}
