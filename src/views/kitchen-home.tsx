import type { KitchenMembership } from "../auth/sessions";
import type { KitchenSetup } from "../db/kitchen-setup";
import { SetupList } from "./setup-list";

export function KitchenHomePage({ kitchen, email, setup }: { kitchen: KitchenMembership; email: string; setup: KitchenSetup }) {
  const isAdmin = kitchen.role === "admin";
  return (
    <>
      <h1>{kitchen.name}</h1>
      <p class="muted">
        Signed in as {email} ({kitchen.role}). Times are shown in {kitchen.timeZone}.
      </p>
      <section class="card">
        <h2>Set-up</h2>
        <SetupList setup={setup} timeZone={kitchen.timeZone} />
        {isAdmin ? (
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
