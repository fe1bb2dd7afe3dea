import type { RoomNightRow } from "../../db/chart-read-model";
import { shortDate } from "../format";

function mealPlan(night: { dinner: boolean; breakfast: boolean; package: boolean }): string {
  const parts = [night.dinner ? "Dinner, bed & breakfast" : night.breakfast ? "Bed & breakfast" : "Room only"];
  if (night.package) parts.push("package");
  return parts.join(", ");
}

/** One stay: room, booking, group, true dates, pax and the meal plan night by night. */
export function StayPanel({ nights, showNames, closeHref }: { nights: RoomNightRow[]; showNames: boolean; closeHref: string }) {
  const first = nights[0]!;
  const guest = showNames ? [first.leadFirstName, first.leadLastName].filter(Boolean).join(" ") || "Guest" : "Guest";
  const total = Math.round((Date.parse(first.departure) - Date.parse(first.arrival)) / 86_400_000);
  return (
    <section class="card stay-detail" aria-label="Stay">
      <div class="stay-detail-head">
        <h2>
          {first.roomName ?? "Unallocated"} · {guest}
        </h2>
        <a class="button secondary" href={closeHref} data-close-panel>
          Close
        </a>
      </div>
      <dl class="facts">
        <div>
          <dt>Booking</dt>
          <dd>{first.bookingId}</dd>
        </div>
        <div>
          <dt>Group</dt>
          <dd>{first.groupId ?? "none"}</dd>
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
        {nights.map((night) => (
          <li>
            <span>{shortDate(night.night)}</span> <strong>{mealPlan(night)}</strong>
          </li>
        ))}
      </ul>
      {nights.length < total ? <p class="muted">Only synced nights are listed.</p> : null}
    </section>
  );
}
