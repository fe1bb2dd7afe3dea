import type { KitchenMembership } from "../../auth/sessions";
import { addDays, MAX_DATE, MIN_DATE } from "../../domain/dates";
import { SERVICES, type Service } from "../../domain/restaurant";
import { dietaryText } from "../chart/grid-html";
import { paxText } from "../chart/chart-model";
import { formatInstant, liveAreaAttributes, longDate, plural } from "../format";
import type { ServiceSheet, SheetFilter, SheetRoom, SheetTable } from "./service-sheet";

export const TONIGHT_ID = "tonight";

const SERVICE_WORDS: Record<Service, string> = { breakfast: "breakfast", lunch: "lunch", dinner: "dinner", other: "table" };
const FILTER_WORDS: Record<SheetFilter, string> = { all: "All", dbb: "DBB", "no-table": "No table yet" };

export function tonightUrl(slug: string, date: string, filter: SheetFilter = "all"): string {
  return `/k/${slug}/tonight?date=${date}${filter === "all" ? "" : `&filter=${filter}`}`;
}


function DayLinks({ slug, date, today, filter }: { slug: string; date: string; today: string; filter: SheetFilter }) {
  const previous = date > MIN_DATE ? addDays(date, -1) : null;
  const next = date < MAX_DATE ? addDays(date, 1) : null;
  const action = `/k/${slug}/tonight`;
  return (
    <div class="sheet-days no-print">
      {previous ? (
        <a class="button secondary" href={tonightUrl(slug, previous, filter)} aria-label="The night before">
          ◀
        </a>
      ) : null}
      <form method="get" action={action} class="sheet-picker">
        <label>
          <span class="visually-hidden">Night</span>
          <input type="date" name="date" value={date} required />
        </label>
        {filter === "all" ? null : <input type="hidden" name="filter" value={filter} />}
        <button type="submit" class="secondary">
          Show
        </button>
      </form>
      {next ? (
        <a class="button secondary" href={tonightUrl(slug, next, filter)} aria-label="The night after">
          ▶
        </a>
      ) : null}
      {date === today ? null : (
        <a class="button secondary" href={tonightUrl(slug, today, filter)}>
          Tonight
        </a>
      )}
    </div>
  );
}

function Figures({ sheet }: { sheet: ServiceSheet }) {
  const totals = sheet.totals;
  if (totals === null) return null;
  const figures: { value: string; label: string; alert?: boolean }[] = [
    { value: String(totals.roomsOccupied), label: "rooms in" },
    { value: String(totals.guests), label: "guests" },
    { value: String(totals.dbbGuests), label: "DBB guests" },
    { value: String(totals.breakfastsNextMorning), label: "breakfasts tomorrow" },
  ];
  if (totals.expectedDinnerCovers !== null) figures.push({ value: String(totals.expectedDinnerCovers), label: "dinner covers expected" });
  if (totals.dbbRoomsWithoutDinnerTable !== null && !sheet.restaurantClosed) {
    figures.push({ value: String(totals.dbbRoomsWithoutDinnerTable), label: "DBB rooms, no dinner table", alert: totals.dbbRoomsWithoutDinnerTable > 0 });
  }
  return (
    <div class="sheet-figures">
      {figures.map((figure) => (
        <div class={figure.alert ? "sheet-figure alert" : "sheet-figure"}>
          <strong>{figure.value}</strong> <span>{figure.label}</span>
        </div>
      ))}
    </div>
  );
}

function Filters({ slug, sheet }: { slug: string; sheet: ServiceSheet }) {
  const counts: Record<SheetFilter, number> = {
    all: sheet.rooms.length,
    dbb: sheet.rooms.filter((room) => room.dinner).length,
    "no-table": sheet.rooms.filter((room) => room.noDinnerTable).length,
  };
  const filters: SheetFilter[] = sheet.hasTables ? ["all", "dbb", "no-table"] : ["all", "dbb"];
  return (
    <nav class="sheet-filters no-print" aria-label="Which rooms">
      {filters.map((filter) => (
        <a href={tonightUrl(slug, sheet.date, filter)} aria-current={sheet.filter === filter ? "page" : undefined}>
          {`${FILTER_WORDS[filter]} (${counts[filter]})`}
        </a>
      ))}
    </nav>
  );
}

function tableText(table: SheetTable): string {
  // resOS names tables freely: "T12" says what it is, a bare "12" needs the word.
  const where = table.tableName === null ? "" : /^\d/.test(table.tableName) ? ` · table ${table.tableName}` : ` · ${table.tableName}`;
  const service = table.service === "dinner" ? "" : ` · ${SERVICE_WORDS[table.service]}`;
  return `${table.pending ? "asked: " : ""}${table.time ?? "--:--"} · ${plural(table.people, "cover")}${where}${service}`;
}

function Plan({ room }: { room: SheetRoom }) {
  return (
    <>
      {room.dinner ? <b class="dbb">DBB</b> : room.breakfast ? <b class="bb">{"B&B"}</b> : <span class="muted">room only</span>}
      {room.package ? <b class="pkg">PKG</b> : null}
    </>
  );
}

function RoomRow({ room, hasTables }: { room: SheetRoom; hasTables: boolean }) {
  const moves = [room.arriving ? "arrives" : null, room.departing ? "last night" : null].filter((word) => word !== null).join(", ");
  return (
    <tr class={room.noDinnerTable ? "untabled" : undefined}>
      <th scope="row">{room.room ?? "No room"}</th>
      <td>
        {room.surname === null ? null : <span class="sheet-name">{room.surname}</span>}
        <span class="sheet-pax">{paxText(room)}</span>
        {moves === "" ? null : <span class="sheet-moves">{moves}</span>}
      </td>
      <td>
        <Plan room={room} />
      </td>
      {hasTables ? (
        <td>
          {room.tables.map((table) => (
            <span class={table.pending ? "sheet-table pending" : "sheet-table"}>{tableText(table)}</span>
          ))}
          {room.noDinnerTable ? <span class="sheet-notable">no dinner table</span> : null}
          {room.dietary.length > 0 ? <span class="sheet-dietary">{room.dietary.join(", ")}</span> : null}
        </td>
      ) : null}
    </tr>
  );
}

function Rooms({ sheet }: { sheet: ServiceSheet }) {
  if (sheet.rooms.length === 0) return <p class="muted">Nobody is staying this night.</p>;
  if (sheet.shown.length === 0) {
    const words =
      sheet.filter === "dbb" ? "No room is on dinner, bed and breakfast this night." : sheet.hasTables ? "Every DBB room has a dinner table." : "Nobody knows yet who has booked: tables come from resOS.";
    return <p class="muted">{words}</p>;
  }
  return (
    <table class="sheet">
      <colgroup>
        <col class="sheet-room" />
        <col />
        <col class="sheet-plan" />
        {sheet.hasTables ? <col class="sheet-tables" /> : null}
      </colgroup>
      <thead>
        <tr>
          <th scope="col">Room</th>
          <th scope="col">Guests</th>
          <th scope="col">Plan</th>
          {sheet.hasTables ? <th scope="col">Table tonight</th> : null}
        </tr>
      </thead>
      <tbody>
        {sheet.shown.map((room) => (
          <RoomRow room={room} hasTables={sheet.hasTables} />
        ))}
      </tbody>
    </table>
  );
}

function Restaurant({ sheet }: { sheet: ServiceSheet }) {
  if (!sheet.hasTables) return null;
  const covers = SERVICES.filter((service) => sheet.nonResidentCovers[service] > 0).map((service) => `${SERVICE_WORDS[service]} ${sheet.nonResidentCovers[service]}`);
  const dinnerDietary = sheet.rooms.flatMap((room) => room.dietary);
  return (
    <section class="sheet-restaurant">
      <h2>Not tied to a room</h2>
      {sheet.unlinkedResidentBookings.length === 0 ? null : (
        <>
          <p>{`${plural(sheet.unlinkedResidentBookings.length, "resident table")} with no stay found: check the booking number in resOS.`}</p>
          <ul>
            {sheet.unlinkedResidentBookings.map((table) => (
              <li>{`${table.time ?? "--:--"} · ${plural(table.people, "cover")} · ${SERVICE_WORDS[table.service]}`}</li>
            ))}
          </ul>
        </>
      )}
      {sheet.possibleMatches.length === 0 ? null : (
        <>
          <p>Possibly a resident's (same name, phone or email). Until staff link it in resOS it does not count as the room's table, and its covers count as non-residents':</p>
          <ul>
            {sheet.possibleMatches.map((match) => (
              <li>{`${match.time ?? "--:--"} · ${plural(match.people, "cover")} · room ${match.room ?? "unallocated"}? (${Math.round(match.confidence * 100)}% alike)`}</li>
            ))}
          </ul>
        </>
      )}
      <p>{covers.length === 0 ? "No non-resident covers booked." : `Non-resident covers: ${covers.join(", ")}.`}</p>
      {dinnerDietary.length > 0 ? <p class="muted">{`Dietary needs in rooms, from all their tables tonight: ${dietaryText(countEach(dinnerDietary))}.`}</p> : null}
    </section>
  );
}

function countEach(words: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const word of words) counts[word] = (counts[word] ?? 0) + 1;
  return counts;
}

/** The part of Tonight that refreshes itself: everything below the heading. */
export function TonightSheet({ kitchen, sheet, today, lastSyncAt, syncHref }: { kitchen: KitchenMembership; sheet: ServiceSheet; today: string; lastSyncAt: string | null; syncHref: string | null }) {
  return (
    <div id={TONIGHT_ID} class="sheet-area" {...liveAreaAttributes(kitchen.slug, lastSyncAt, tonightUrl(kitchen.slug, sheet.date, sheet.filter))}>
      <p class="print-only sheet-print-head">{`${kitchen.name} · ${longDate(sheet.date)} · ${lastSyncAt === null ? "never synced" : `synced ${formatInstant(lastSyncAt, kitchen.timeZone)}`}`}</p>
      <p class="sheet-date no-print">{`${sheet.date === today ? "Tonight, " : ""}${longDate(sheet.date)}${sheet.date.slice(0, 4) === today.slice(0, 4) ? "" : ` ${sheet.date.slice(0, 4)}`}`}</p>
      <DayLinks slug={kitchen.slug} date={sheet.date} today={today} filter={sheet.filter} />
      {!sheet.synced ? (
        <div class="message failed" role="status">
          <p>This night has not been synced yet, so nobody knows who sleeps here.</p>
          {syncHref === null ? <p>Ask an admin of this kitchen to sync it.</p> : <a class="button" href={syncHref}>Sync this night</a>}
        </div>
      ) : (
        <>
          <Figures sheet={sheet} />
          {sheet.restaurantClosed ? <p class="muted">The restaurant is closed this night.</p> : null}
          {sheet.hasTables ? null : <p class="muted">Tables come from resOS: once an admin connects it in Settings, this sheet shows who has booked.</p>}
          <Filters slug={kitchen.slug} sheet={sheet} />
          <Rooms sheet={sheet} />
          <Restaurant sheet={sheet} />
        </>
      )}
      <p class="muted sheet-synced no-print">{lastSyncAt === null ? "Never synced." : `Last synced ${formatInstant(lastSyncAt, kitchen.timeZone)}.`}</p>
    </div>
  );
}
