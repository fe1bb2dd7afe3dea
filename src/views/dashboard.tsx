import type { KitchenMembership } from "../auth/sessions";
import type { DashboardData, DayTotals } from "../db/dashboard-read-model";
import { addDays } from "../domain/dates";
import type { Service } from "../domain/restaurant";
import { buildRestaurantView } from "../domain/restaurant-view";
import { compareRoomNames } from "../domain/room-order";
import { arrivalTables, dbbRoomsWithoutDinnerTable, type ArrivalTables, type UntabledRoom } from "./dashboard-tables";
import { leadName } from "./chart/chart-model";
import { formatAge, formatInstant, longDate, plural } from "./format";
import { plainSyncFailure } from "./sync-failure-words";
import { runBadgeClass } from "./sync-run-words";
import { SetupList } from "./setup-list";

function Figure({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <div class="figure">
      <span class="figure-value">{value}</span>
      <span class="figure-label">{label}</span>
      {detail ? <span class="figure-detail">{detail}</span> : null}
    </div>
  );
}

function Tonight({ day }: { day: DayTotals | null }) {
  if (!day) return <p class="muted">No figures for tonight yet: they appear after the first sync.</p>;
  return (
    <div class="figures">
      <Figure label="rooms occupied" value={String(day.roomsOccupied)} detail={`of ${day.roomsAvailable}${day.occupancyPct === null ? "" : ` · ${day.occupancyPct}%`}`} />
      <Figure label="guests" value={String(day.guests)} />
      <Figure label="DBB guests" value={String(day.dinnerGuests)} detail={`${day.dbbRooms} rooms`} />
      <Figure label="breakfasts tomorrow" value={String(day.breakfastGuests)} />
    </div>
  );
}

const ARRIVAL_DAYS = ["Today", "Tomorrow", "The day after"];

/** The rooms arriving on `date`, in room order: "Room 4 Smith", or "Room 4" with names hidden; "No room yet" for an unallocated stay. */
function arrivingRooms(stays: DashboardData["window"]["stays"], date: string, showNames: boolean): string[] {
  return stays
    .filter((night) => night.night === date && night.arrival === date)
    .sort((a, b) => compareRoomNames(a.roomName ?? "~", b.roomName ?? "~") || compareRoomNames(a.bookingId, b.bookingId))
    .map((night) => {
      const room = night.roomName === null ? "No room yet" : `Room ${night.roomName}`;
      const name = leadName(night, showNames)?.trim();
      return name ? `${room} ${name}` : room;
    });
}

/** The services a kitchen can narrow "have booked" to. */
export const DASHBOARD_SERVICES: readonly Service[] = ["dinner", "lunch"];


function ArrivalTablesDay({ label, day }: { label: string; day: ArrivalTables }) {
  return (
    <li>
      <strong>{label}</strong>
      {` · ${plural(day.arrivals, "arrival")}, ${plural(day.arrivalGuests, "guest")}`}
      <br />
      {day.restaurantClosed ? (
        <span class="muted">The restaurant is closed.</span>
      ) : day.arrivals === 0 ? (
        <span class="muted">Nobody to reach.</span>
      ) : (
        <>
          <span class="booked">{`${day.booked} have booked`}</span>
          {day.notBooked > 0 ? <span class="not-booked">{` · ${day.notBooked} no booking yet (${plural(day.guestsToReach, "guest")} to reach)`}</span> : null}
        </>
      )}
    </li>
  );
}

function ServiceFilter({ slug, service }: { slug: string; service: Service | null }) {
  const choices: [Service | null, string][] = [[null, "Any table"], ...DASHBOARD_SERVICES.map((s): [Service, string] => [s, `${s[0]!.toUpperCase()}${s.slice(1)} only`])];
  return (
    <p class="service-filter">
      {choices.map(([choice, label]) =>
        choice === service ? (
          <span class="button secondary" aria-current="true">
            {label}
          </span>
        ) : (
          <a class="button secondary" href={`/k/${slug}${choice === null ? "" : `?service=${choice}`}#tables`}>
            {label}
          </a>
        ),
      )}
    </p>
  );
}

function UntabledList({ rooms, slug }: { rooms: UntabledRoom[]; slug: string }) {
  if (rooms.length === 0) return <p class="booked">Every DBB room has a dinner table tonight.</p>;
  return (
    <>
      <p class="not-booked">{`${plural(rooms.length, "DBB room")} without a dinner table tonight:`}</p>
      <ul class="untabled">
        {rooms.map((room) => (
          <li>
            <a href={`/k/${slug}/chart/stay/${encodeURIComponent(room.bookingId)}`}>{`${room.room} · ${plural(room.guests, "guest")}${room.surname ? ` · ${room.surname}` : ""}`}</a>
          </li>
        ))}
      </ul>
    </>
  );
}

function Tables({ kitchen, data, today, service }: { kitchen: KitchenMembership; data: DashboardData; today: string; service: Service | null }) {
  const { restaurant, stays } = data.window;
  if (restaurant === null) {
    return (
      <section class="card" id="tables">
        <h2>Tables</h2>
        <p class="muted">Table bookings come from resOS. {kitchen.role === "admin" ? "Connect it in Settings to see who has booked." : "A kitchen admin connects it in Settings."}</p>
      </section>
    );
  }
  const dates = [today, addDays(today, 1), addDays(today, 2)];
  const view = buildRestaurantView({ dates, stays, tables: restaurant.tables, settings: restaurant.settings, showNames: kitchen.showGuestNames });
  return (
    <section class="card" id="tables">
      <h2>Tables</h2>
      <ServiceFilter slug={kitchen.slug} service={service} />
      <ul class="arrival-tables">
        {dates.map((date, index) => (
          <ArrivalTablesDay label={ARRIVAL_DAYS[index]!} day={arrivalTables(view, stays, date, service)} />
        ))}
      </ul>
      <h3>Tonight</h3>
      <UntabledList rooms={dbbRoomsWithoutDinnerTable(view, stays, today, kitchen.showGuestNames)} slug={kitchen.slug} />
    </section>
  );
}

function SyncStatus({ data, kitchen, now }: { data: DashboardData; kitchen: KitchenMembership; now: Date }) {
  const sync = data.setup.sync;
  const status = sync?.lastSyncStatus ?? null;
  return (
    <p class="sync-status">
      <span class={status ? runBadgeClass(status) : "badge off"}>{status ?? "never synced"}</span>{" "}
      {sync?.lastAttemptAt && sync.lastAttemptAt !== sync.lastSyncAt ? (
        <>
          {`Last attempt ${formatAge(sync.lastAttemptAt, now)} `}
          <span class="muted">{`(${formatInstant(sync.lastAttemptAt, kitchen.timeZone)}).`}</span>{" "}
        </>
      ) : null}
      {sync?.lastSyncAt ? (
        <>
          {`Last successful sync ${formatAge(sync.lastSyncAt, now)} `}
          <span class="muted">{`(${formatInstant(sync.lastSyncAt, kitchen.timeZone)}).`}</span>
        </>
      ) : (
        "No successful sync yet."
      )}
      {sync && sync.consecutiveFailures > 0 ? ` ${sync.consecutiveFailures} failed in a row: ${plainSyncFailure(sync.lastErrorMessage) ?? ""}` : null}{" "}
      <span class="muted">{data.setup.resos ? "Stays from Newbook, tables from resOS." : "Stays from Newbook; resOS is not connected."}</span>
    </p>
  );
}

export function DashboardPage({
  kitchen,
  email,
  data,
  today,
  now,
  service,
}: {
  kitchen: KitchenMembership;
  email: string;
  data: DashboardData;
  today: string;
  now: Date;
  service: Service | null;
}) {
  const [tonight] = data.days;
  return (
    <>
      <h1>{kitchen.name}</h1>
      <p class="muted">
        {longDate(today)}. Times are shown in {kitchen.timeZone}.
      </p>
      <p class="muted">
        Signed in as {email} ({kitchen.role}).
      </p>
      <SyncStatus data={data} kitchen={kitchen} now={now} />
      <section class="card">
        <h2>Tonight</h2>
        <Tonight day={tonight ?? null} />
        <p class="actions">
          <a class="button primary" href={`/k/${kitchen.slug}/tonight`}>
            Tonight's service sheet
          </a>{" "}
          <a class="button secondary" href={`/k/${kitchen.slug}/chart`}>
            Open the residents chart
          </a>
        </p>
      </section>
      <Tables kitchen={kitchen} data={data} today={today} service={service} />
      <section class="card">
        <h2>Arrivals</h2>
        <ul class="arrival-days">
          {data.days.map((day, index) => {
            const date = addDays(today, index);
            const rooms = arrivingRooms(data.window.stays, date, kitchen.showGuestNames);
            return (
              <li>
                <strong>{ARRIVAL_DAYS[index]}</strong>
                {day ? ` · ${plural(day.arrivals, "booking")}, ${plural(day.arrivalGuests, "guest")}` : " · not synced"}{" "}
                <a href={`/k/${kitchen.slug}/tonight?date=${date}`}>{index === 0 ? "Tonight's sheet" : "Its sheet"}</a>
                {rooms.length === 0 ? null : <span class="arrival-rooms">{rooms.join(", ")}</span>}
              </li>
            );
          })}
        </ul>
      </section>
      <section class="card">
        <h2>Set-up</h2>
        <SetupList setup={data.setup} timeZone={kitchen.timeZone} />
        {kitchen.role === "admin" ? (
          <a class="button" href={`/k/${kitchen.slug}/settings`}>
            Open settings
          </a>
        ) : (
          <p class="muted">Kitchen admins change these in Settings.</p>
        )}
      </section>
    </>
  );
}
