// The personal-data page (admins): how long guests' personal data is kept, how far it has
// been removed, and the access log of who was shown guest names, a page at a time.
import type { KitchenMembership } from "../../auth/sessions";
import type { AccessLogEntry, PersonalDataPage as PageData } from "../../db/personal-data-page";
import { MAX_RETENTION_DAYS, MIN_RETENTION_DAYS, RETENTION_PURGE_CRON } from "../../domain/retention";
import { dateWithYear, formatInstant, plural } from "../format";
import { FieldError, invalidAttributes, type FieldErrors } from "../form-fields";
import { Message } from "../messages";

export const RETENTION_SECTION_ID = "retention-section";

const VIEW_WORDS: Record<AccessLogEntry["view"], string> = {
  chart: "Residents chart",
  stay: "A stay's details",
  tonight: "Tonight",
  dashboard: "Dashboard",
  api: "API",
};

export interface RetentionFormState {
  notice?: string;
  errors?: FieldErrors;
  entered?: Record<string, string>;
}

const PURGE_TIME_UTC = RETENTION_PURGE_CRON.split(" ").slice(0, 2).reverse().map((part) => part.padStart(2, "0")).join(":");

function who(entry: AccessLogEntry): string {
  if (entry.userEmail !== null) return entry.userEmail;
  if (entry.apiTokenId !== null) return entry.apiTokenLabel ? `API token "${entry.apiTokenLabel}"` : `API token #${entry.apiTokenId}`;
  return "unknown";
}

const nights = (entry: AccessLogEntry) => (entry.dateFrom === entry.dateTo ? dateWithYear(entry.dateFrom) : `${dateWithYear(entry.dateFrom)} to ${dateWithYear(entry.dateTo)}`);

export function RetentionSection({ slug, data, state }: { slug: string; data: Pick<PageData, "retentionDays" | "keptFrom">; state: RetentionFormState }) {
  const action = `/k/${slug}/settings/personal-data/retention`;
  const errors = state.errors;
  const days = state.entered?.retention_days ?? String(data.retentionDays);
  return (
    <section class="card" id={RETENTION_SECTION_ID}>
      <h2>How long guests' details are kept</h2>
      <p>
        {`Guest names, email addresses and phone numbers, restaurant notes and dietary needs are removed from nights more than ${plural(data.retentionDays, "day")} ago, every day at ${PURGE_TIME_UTC} UTC. `}
        The numbers stay: rooms, guests, meal plans, tables and covers, and the daily totals.
      </p>
      <p class="muted retention-reach">
        {data.keptFrom === null ? "Nothing has been removed yet: the first daily purge has not run." : `Nights before ${dateWithYear(data.keptFrom)} hold no personal data any more.`}
      </p>
      <form method="post" action={action} class="stack" hx-post={action} hx-target={`#${RETENTION_SECTION_ID}`} hx-swap="outerHTML">
        <label>
          {`Keep personal data for (days, ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS})`}
          <input
            type="number"
            name="retention_days"
            min={MIN_RETENTION_DAYS}
            max={MAX_RETENTION_DAYS}
            step={1}
            value={days}
            inputmode="numeric"
            required
            {...invalidAttributes(errors, "retention_days", "retention-hint")}
          />
          <FieldError errors={errors} name="retention_days" />
        </label>
        <p class="muted hint" id="retention-hint">
          A shorter time removes what it no longer keeps as soon as it is saved; a longer one cannot bring back what was removed.
        </p>
        <button type="submit" class="primary">
          Save
        </button>
        <Message text={state.notice} result />
        <Message text={errors ? "Not saved: see the field marked above." : undefined} failed result />
      </form>
    </section>
  );
}

function Pager({ slug, data }: { slug: string; data: PageData }) {
  const href = (page: number) => `/k/${slug}/settings/personal-data?page=${page}#access-log`;
  return (
    <nav class="pager" aria-label="Access log pages">
      {data.page > 1 ? (
        <a class="button" href={href(Math.min(data.page - 1, data.pages))} rel="prev">
          Newer
        </a>
      ) : null}
      <span class="muted">{`Page ${data.page} of ${data.pages}`}</span>
      {data.page < data.pages ? (
        <a class="button" href={href(data.page + 1)} rel="next">
          Older
        </a>
      ) : null}
    </nav>
  );
}

export function PersonalDataPage({ kitchen, data, state }: { kitchen: KitchenMembership; data: PageData; state: RetentionFormState }) {
  return (
    <>
      <h1>Personal data</h1>
      <p class="muted">
        <a href={`/k/${kitchen.slug}/settings#privacy-section`}>Back to Settings</a>
        {` · Guest names are ${kitchen.showGuestNames ? "shown" : "hidden"} on this kitchen's pages. Times are shown in ${kitchen.timeZone}.`}
      </p>
      <RetentionSection slug={kitchen.slug} data={data} state={state} />
      <section class="card" id="access-log" aria-labelledby="access-log-title">
        <h2 id="access-log-title">Who was shown guest names</h2>
        <p class="muted">
          {`Every page, stay or API answer that showed guest names, newest first: ${plural(data.total, "view")} in all.`}
        </p>
        {data.entries.length === 0 ? (
          <p class="access-log-empty">
            {data.total === 0
              ? "Nobody has been shown guest names yet."
              : `There is no page ${data.page}: the log has ${plural(data.pages, "page")}.`}
          </p>
        ) : (
          <div class="table-scroll">
            <table class="phone-cards access-log">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">Where</th>
                  <th scope="col">Nights</th>
                </tr>
              </thead>
              <tbody>
                {data.entries.map((entry) => (
                  <tr data-log-id={String(entry.id)}>
                    <td data-label="When">{formatInstant(entry.accessedAt, kitchen.timeZone)}</td>
                    <td data-label="Who" class="wrap">{who(entry)}</td>
                    <td data-label="Where">{VIEW_WORDS[entry.view] ?? entry.view}</td>
                    <td data-label="Nights">{nights(entry)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {data.pages > 1 || data.entries.length === 0 ? <Pager slug={kitchen.slug} data={data} /> : null}
      </section>
    </>
  );
}
