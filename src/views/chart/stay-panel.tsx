import type { RoomNightRow } from "../../db/chart-read-model";
import { ACTIVE_TABLE_STATUSES, type TableBooking } from "../../domain/restaurant";
import { compareRoomNames } from "../../domain/room-order";
import { shortDate } from "../format";

/** A table of the stay on one night, as the panel lists it. */
export interface PanelTable {
  table: TableBooking;
  service: string;
  link: string;
  isGroupMatch: boolean;
}

const LINK_WORDS: Record<string, string> = {
  booking_number: "by booking number",
  group: "by group",
  agent_ref: "by agent reference",
  note: "by booking number in a note",
  room_note: "by room number in a note",
};

function TableLine({ entry, showNames }: { entry: PanelTable; showNames: boolean }) {
  const { table } = entry;
  const where = table.tableNames.length > 0 ? `table ${table.tableNames.join(", ")}` : "no table assigned";
  const how = `${LINK_WORDS[entry.link] ?? entry.link}${entry.isGroupMatch ? ", the group's table" : ""}`;
  return (
    <li>
      <strong>{`${entry.service[0]!.toUpperCase()}${entry.service.slice(1)} ${table.time ?? "(no time)"}, ${table.people} covers`}</strong>
      {` · ${where} · ${table.status.replace("_", " ")} · linked ${how}`}
      {showNames && table.notes.length > 0 ? <span class="table-notes">{table.notes.join(" / ")}</span> : null}
    </li>
  );
}

function mealPlan(night: { dinner: boolean; breakfast: boolean; package: boolean }): string {
  const parts = [night.dinner ? "Dinner, bed & breakfast" : night.breakfast ? "Bed & breakfast" : "Room only"];
  if (night.package) parts.push("package");
  return parts.join(", ");
}

const ACTIVE = new Set<string>(ACTIVE_TABLE_STATUSES);

function TableList({ tables, showNames }: { tables: PanelTable[]; showNames: boolean }) {
  if (tables.length === 0) return null;
  return (
    <ul class="plan-tables">
      {tables.map((entry) => (
        <TableLine entry={entry} showNames={showNames} />
      ))}
    </ul>
  );
}

/** One stay: room, booking, group, true dates, pax and the meal plan night by night. */
/** "group of 3: rooms 4, 5, 6" from the group's bookings; an unallocated one counts without a room. */
export function groupWords(groupId: string, rooms: { bookingId: string; roomName: string | null }[]): string {
  const bookings = new Set(rooms.map((room) => room.bookingId));
  const names = [...new Set(rooms.flatMap((room) => (room.roomName === null ? [] : [room.roomName])))].sort(compareRoomNames);
  if (bookings.size <= 1) return `group ${groupId}`;
  return `group of ${bookings.size}${names.length === 0 ? "" : `: room${names.length === 1 ? "" : "s"} ${names.join(", ")}`}`;
}

export function StayPanel({
  nights,
  showNames,
  closeHref,
  tablesByNight,
  groupRooms,
  standalone = false,
}: {
  nights: RoomNightRow[];
  showNames: boolean;
  closeHref: string;
  /** null without resOS. */
  tablesByNight: Map<string, PanelTable[]> | null;
  /** The bookings of the stay's group over its nights; empty without a group. */
  groupRooms: { bookingId: string; roomName: string | null }[];
  /** The stay on a page of its own (no JavaScript): one way back, to the chart. */
  standalone?: boolean;
}) {
  const first = nights[0]!;
  const guest = showNames ? [first.leadFirstName, first.leadLastName].filter(Boolean).join(" ") || "Guest" : "Guest";
  const total = Math.round((Date.parse(first.departure) - Date.parse(first.arrival)) / 86_400_000);
  return (
    <section class="card stay-detail" aria-label="Stay">
      <div class="stay-detail-head">
        <h2>
          {first.roomName ?? "Unallocated"} · {guest}
        </h2>
        {standalone ? (
          <a class="button secondary" href={closeHref}>
            Back to the chart
          </a>
        ) : (
          <a class="button secondary" href={closeHref} data-close-panel>
            Close
          </a>
        )}
      </div>
      <dl class="facts">
        <div>
          <dt>Booking</dt>
          <dd>{first.bookingId}</dd>
        </div>
        <div>
          <dt>Group</dt>
          <dd>{first.groupId === null ? "none" : groupWords(first.groupId, groupRooms)}</dd>
        </div>
        <div>
          <dt>Arrives</dt>
          <dd>{shortDate(first.arrival)}</dd>
        </div>
        <div>
          <dt>Departs</dt>
          <dd>{shortDate(first.departure)}</dd>
        </div>
        <div>
          <dt>Nights</dt>
          <dd>{String(total)}</dd>
        </div>
        <div>
          <dt>Guests</dt>
          <dd>{`${first.adults} adult${first.adults === 1 ? "" : "s"}, ${first.children} child${first.children === 1 ? "" : "ren"}, ${first.infants} infant${first.infants === 1 ? "" : "s"}`}</dd>
        </div>
      </dl>
      <h3>Meal plan, night by night</h3>
      <ul class="plan">
        {nights.map((night) => {
          const tables = tablesByNight?.get(night.night) ?? [];
          return (
            <li>
              <span>{shortDate(night.night)}</span> <strong>{mealPlan(night)}</strong>
              {tablesByNight === null ? null : !tables.some((entry) => entry.service === "dinner" && ACTIVE.has(entry.table.status)) && night.dinner ? (
                <>
                  <span class="no-table"> · no dinner table booked</span>
                  <TableList tables={tables} showNames={showNames} />
                </>
              ) : tables.length === 0 ? (
                <span class="muted"> · no table</span>
              ) : (
                <TableList tables={tables} showNames={showNames} />
              )}
            </li>
          );
        })}
      </ul>
      {nights.length < total ? <p class="muted">Only synced nights are listed.</p> : null}
    </section>
  );
}
