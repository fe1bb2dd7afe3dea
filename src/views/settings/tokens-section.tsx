import type { ApiTokenSummary } from "../../db/kitchen-setup";
import { formatInstant } from "../format";

export function TokensSection({ slug, tokens, timeZone }: { slug: string; tokens: ApiTokenSummary[]; timeZone: string }) {
  const cli = "npm run admin --";
  return (
    <section class="card">
      <h2>API tokens</h2>
      <p class="muted">A token acts on this kitchen only, with its role. It is shown once, when it is created; revoke one that leaked.</p>
      {tokens.length === 0 ? (
        <p class="muted">No API tokens yet.</p>
      ) : (
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
      )}
      <pre class="command">
        {`${cli} token create --kitchen ${slug} --role manager --label "Pass printer"\n${cli} token revoke --kitchen ${slug} --id N`}
      </pre>
    </section>
  );
}
