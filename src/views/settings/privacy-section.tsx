import { FieldError, invalidAttributes, type FieldErrors } from "../form-fields";
import { Message } from "../messages";

export const PRIVACY_SECTION_ID = "privacy-section";

export function PrivacySection({ slug, showGuestNames, notice, errors }: { slug: string; showGuestNames: boolean; notice?: string; errors?: FieldErrors }) {
  const action = `/k/${slug}/settings/privacy`;
  return (
    <section class="card" id={PRIVACY_SECTION_ID}>
      <h2>Guest names</h2>
      <p class="muted">
        Names are personal data. While they are hidden the chart says "Guest". While they are shown, every chart, stay
        and API view that shows them is written to the access log (who, when, which nights). Guests' details of past nights are removed after the kitchen's retention time.
      </p>
      <form method="post" action={action} class="stack" hx-post={action} hx-target={`#${PRIVACY_SECTION_ID}`} hx-swap="outerHTML">
        <label class="check">
          <input type="checkbox" name="show_guest_names" value="on" checked={showGuestNames} {...invalidAttributes(errors, "show_guest_names")} />
          Show guest names on the chart
        </label>
        <FieldError errors={errors} name="show_guest_names" />
        <button type="submit" class="primary">
          Save
        </button>
        <Message text={notice} result />
      </form>
      <p>
        <a href={`/k/${slug}/settings/personal-data`}>Personal data: how long guests' details are kept, and who was shown their names</a>
      </p>
    </section>
  );
}
