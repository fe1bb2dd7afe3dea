import type { KitchenMembership } from "../auth/sessions";
import type { DashboardData, DayTotals } from "../db/dashboard-read-model";
import { formatAge, formatInstant, longDate } from "./format";
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
      {sync && sync.consecutiveFailures > 0 ? ` ${sync.consecutiveFailures} failed in a row: ${sync.lastErrorMessage ?? ""}` : null}
    </p>
  );
}

export function DashboardPage({ kitchen, email, data, today, now }: { kitchen: KitchenMembership; email: string; data: DashboardData; today: string; now: Date }) {
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
        <a class="button" href={`/k/${kitchen.slug}/chart`}>
          Open the residents chart
        </a>
      </section>
      <section class="card">
        <h2>Arrivals</h2>
        <table class="arrivals">
          <tbody>
            {data.days.map((day, index) => (
              <tr>
                <th scope="row">{ARRIVAL_DAYS[index]}</th>
                <td>{day ? `${day.arrivals} booking${day.arrivals === 1 ? "" : "s"}` : "not synced"}</td>
                <td>{day ? `${day.arrivalGuests} guest${day.arrivalGuests === 1 ? "" : "s"}` : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
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
