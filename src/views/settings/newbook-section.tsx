import type { KitchenSetup } from "../../db/kitchen-setup";
import { formatInstant } from "../format";
import { FieldError, invalidAttributes, type FieldErrors } from "../form-fields";
import { Message } from "../messages";

export interface NewbookFormState {
  /** Entered values to show again after an error: never a password or an API key. */
  username?: string;
  region?: string;
  errors?: FieldErrors;
  test?: { ok: boolean; message: string };
  notice?: string;
}

export const NEWBOOK_SECTION_ID = "newbook-section";

export function NewbookSection({ slug, setup, timeZone, state }: { slug: string; setup: KitchenSetup; timeZone: string; state: NewbookFormState }) {
  const connected = setup.newbook !== null;
  const action = `/k/${slug}/settings/newbook`;
  const errors = state.errors;
  return (
    <section class="card" id={NEWBOOK_SECTION_ID}>
      <h2>Newbook connection</h2>
      <p class="muted">
        {connected
          ? `Connected, region ${setup.newbook!.region}. Credentials set, changed on ${formatInstant(setup.newbook!.updatedAt, timeZone)}. Leave a field empty to keep what is stored.`
          : "Not connected yet. Newbook issues the username, password and API key (instances_...)."}
      </p>
      <form method="post" action={action} class="stack" hx-post={action} hx-target={`#${NEWBOOK_SECTION_ID}`} hx-swap="outerHTML">
        <label>
          Username
          <input type="text" name="username" value={state.username ?? ""} autocomplete="off" required={!connected} maxlength={200} {...invalidAttributes(errors, "username")} />
          <FieldError errors={errors} name="username" />
        </label>
        <label>
          Password
          <input type="password" name="password" autocomplete="new-password" required={!connected} maxlength={500} {...invalidAttributes(errors, "password")} />
          <FieldError errors={errors} name="password" />
        </label>
        <label>
          API key
          <input type="password" name="api_key" autocomplete="off" required={!connected} maxlength={500} placeholder="instances_..." {...invalidAttributes(errors, "api_key")} />
          <FieldError errors={errors} name="api_key" />
        </label>
        <label>
          Region
          <input type="text" name="region" value={state.region ?? setup.newbook?.region ?? ""} required maxlength={8} placeholder="eu, au, us, nz" {...invalidAttributes(errors, "region")} />
          <FieldError errors={errors} name="region" />
        </label>
        <div class="actions">
          <button type="submit" class="primary">
            Save connection
          </button>
          <button
            type="submit"
            class="secondary"
            formaction={`${action}/test`}
            hx-post={`${action}/test`}
            hx-target={`#${NEWBOOK_SECTION_ID}`}
            hx-swap="outerHTML"
          >
            Test connection
          </button>
        </div>
        <Message text={state.notice} result />
        <Message text={state.test?.message} failed={state.test?.ok === false} result />
      </form>
    </section>
  );
}
