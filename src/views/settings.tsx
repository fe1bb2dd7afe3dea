import type { KitchenMembership } from "../auth/sessions";
import type { ApiTokenSummary, KitchenSetup } from "../db/kitchen-setup";
import { formatInstant } from "../domain/kitchen-time";
import { SetupList } from "./setup-list";

function TokenTable({ tokens, timeZone }: { tokens: ApiTokenSummary[]; timeZone: string }) {
  if (tokens.length === 0) return <p class="muted">No API tokens yet.</p>;
  return (
    <div class="table-scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Role</th>
            <th scope="col">Label</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => (
            <tr>
              <td>{token.id}</td>
              <td>{token.role}</td>
              <td>{token.label ?? ""}</td>
              <td>{formatInstant(token.createdAt, timeZone)}</td>
              <td>{token.lastUsedAt ? formatInstant(token.lastUsedAt, timeZone) : "never"}</td>
              <td>{token.revokedAt ? `revoked ${formatInstant(token.revokedAt, timeZone)}` : "active"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function SettingsPage({ kitchen, setup, tokens }: { kitchen: KitchenMembership; setup: KitchenSetup; tokens: ApiTokenSummary[] }) {
  const cli = "npm run admin --";
  return (
    <>
      <h1>Settings</h1>
      <section class="card">
        <h2>Connections and sync</h2>
        <SetupList setup={setup} timeZone={kitchen.timeZone} />
        <p class="muted">Operators change these with the admin CLI:</p>
        <pre class="command">
          {`${cli} newbook connect --kitchen ${kitchen.slug} --username U --password P --api-key K --region R\n${cli} resos connect --kitchen ${kitchen.slug} --api-key K`}
        </pre>
      </section>
      <section class="card">
        <h2>API tokens</h2>
        <p class="muted">
          A token acts on this kitchen only, with its role. It is shown once, when it is created; revoke one that
          leaked.
        </p>
        <TokenTable tokens={tokens} timeZone={kitchen.timeZone} />
        <pre class="command">
          {`${cli} token create --kitchen ${kitchen.slug} --role manager --label "Pass printer"\n${cli} token revoke --kitchen ${kitchen.slug} --id N`}
        </pre>
      </section>
    </>
  );
}
