// The kitchen home and settings pages say what is configured, in the kitchen's time zone,
// and never show a stored secret.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { sha256Hex } from "../../src/auth/tokens";
import { encryptForKitchen, importCredentialsKey } from "../../src/crypto/credentials";
import { createKitchen, createUser, request, signIn } from "./helpers";

const PASSWORD = "correct horse battery staple";
const BARE = { slug: "bare", name: "Bare Inn", id: 0 };
const FULL = { slug: "full", name: "Full House", id: 0 };
let adminCookie: string;
let managerCookie: string;
let ciphertext: string;

beforeAll(async () => {
  BARE.id = await createKitchen(BARE.slug, BARE.name);
  FULL.id = await createKitchen(FULL.slug, FULL.name, "America/New_York");
  await createUser("home-admin@example.com", PASSWORD, [
    { kitchenId: BARE.id, role: "admin" },
    { kitchenId: FULL.id, role: "admin" },
  ]);
  await createUser("home-manager@example.com", PASSWORD, [{ kitchenId: BARE.id, role: "manager" }]);

  const key = await importCredentialsKey(env.CREDENTIALS_KEY);
  ciphertext = await encryptForKitchen(key, FULL.id, JSON.stringify({ username: "nb-user", password: "nb-secret", apiKey: "instances_abc" }));
  await env.DB.batch([
    env.DB.prepare("INSERT INTO newbook_connections (kitchen_id, region, credentials_ciphertext, updated_at) VALUES (?, 'eu', ?, '2026-11-20T14:03:00.000Z')").bind(FULL.id, ciphertext),
    env.DB.prepare("INSERT INTO resos_connections (kitchen_id, api_key_ciphertext, updated_at) VALUES (?, ?, '2026-11-19T09:30:00.000Z')").bind(
      FULL.id,
      await encryptForKitchen(key, FULL.id, "resos-secret"),
    ),
    env.DB.prepare(
      "UPDATE sync_settings SET interval_minutes = 30, days_ahead = 10, last_sync_at = '2026-11-21T04:15:00.000Z', last_sync_status = 'success' WHERE kitchen_id = ?",
    ).bind(FULL.id),
    env.DB.prepare("INSERT INTO api_tokens (kitchen_id, role, token_hash, label) VALUES (?, 'manager', ?, 'Night porter tablet')").bind(FULL.id, await sha256Hex("kr_x")),
  ]);
  adminCookie = await signIn("home-admin@example.com", PASSWORD);
  managerCookie = await signIn("home-manager@example.com", PASSWORD);
});

async function page(path: string, cookie: string): Promise<string> {
  const response = await request(path, { cookie });
  expect(response.status).toBe(200);
  return response.text();
}

describe("kitchen home", () => {
  it("says what is not configured yet, and where an admin changes it", async () => {
    const html = await page(`/k/${BARE.slug}`, adminCookie);
    expect(html).toMatch(/Newbook <span class="badge off">Not connected<\/span>/);
    expect(html).toMatch(/resOS <span class="badge off">Not connected<\/span>/);
    expect(html).toMatch(/Sync <span class="badge off">Waiting for Newbook<\/span>/);
    expect(html).toContain("No sync has run yet.");
    expect(html).toContain(`href="/k/${BARE.slug}/settings"`);
  });

  it("tells a manager that admins change the set-up, without a settings link", async () => {
    const html = await page(`/k/${BARE.slug}`, managerCookie);
    expect(html).toContain("Kitchen admins change these in Settings.");
    expect(html).not.toContain(`/k/${BARE.slug}/settings`);
  });

  it("shows connections and the last sync in the kitchen's time zone, never the secrets", async () => {
    const html = await page(`/k/${FULL.slug}`, adminCookie);
    expect(html).toMatch(/Newbook <span class="badge ok">Connected<\/span>/);
    // 14:03 UTC is 09:03 in New York in November.
    expect(html).toContain("Region eu. Credentials set, changed on 20 Nov 2026, 09:03.");
    expect(html).toContain("API key set, changed on 19 Nov 2026, 04:30.");
    expect(html).toMatch(/Sync <span class="badge ok">On<\/span>/);
    expect(html).toContain("Every 30 minutes, today and the next 10 days.");
    expect(html).toContain("Last sync 20 Nov 2026, 23:15: success.");
    expect(html).toContain("Times are shown in America/New_York.");
    for (const secret of ["nb-user", "nb-secret", "instances_abc", "resos-secret", ciphertext]) expect(html).not.toContain(secret);
  });

  it("while failing, says when it last tried and how, apart from when it last succeeded", async () => {
    await env.DB.prepare("UPDATE sync_settings SET last_attempt_at = ?, last_sync_status = 'failed', consecutive_failures = 3, last_error_message = ? WHERE kitchen_id = ?")
      .bind("2026-11-21T21:40:00.000Z", "Newbook answered bookings_list with HTTP 500.", FULL.id)
      .run();
    const html = await page(`/k/${FULL.slug}`, adminCookie);
    // 16:40 and 18:15 the day before, in New York.
    expect(html).toContain("Last attempt 21 Nov 2026, 16:40: failed. Last success 20 Nov 2026, 23:15.");
    expect(html).not.toContain("Last sync 20 Nov 2026, 23:15: failed");
    expect(html).toMatch(/<span class="badge failed">failed<\/span> Last attempt \d+ days? ago <span class="muted">\(21 Nov 2026, 16:40\)\.<\/span>/);
    await env.DB.prepare("UPDATE sync_settings SET last_attempt_at = NULL, last_sync_status = 'success', consecutive_failures = 0, last_error_message = NULL WHERE kitchen_id = ?").bind(FULL.id).run();
  });

  it("says when the sync is paused", async () => {
    await env.DB.prepare("UPDATE sync_settings SET enabled = 0 WHERE kitchen_id = ?").bind(FULL.id).run();
    const html = await page(`/k/${FULL.slug}`, adminCookie);
    expect(html).toMatch(/Sync <span class="badge off">Paused<\/span>/);
    await env.DB.prepare("UPDATE sync_settings SET enabled = 1 WHERE kitchen_id = ?").bind(FULL.id).run();
  });
});

describe("settings page", () => {
  it("lists the kitchen's API tokens without their hashes, and no secrets", async () => {
    const html = await page(`/k/${FULL.slug}/settings`, adminCookie);
    expect(html).toContain("Night porter tablet");
    expect(html).toContain("<td>active</td>");
    expect(html).not.toContain(await sha256Hex("kr_x"));
    for (const secret of ["nb-secret", "resos-secret", ciphertext]) expect(html).not.toContain(secret);
  });

  it("shows another kitchen's tokens to nobody", async () => {
    const html = await page(`/k/${BARE.slug}/settings`, adminCookie);
    expect(html).toContain("No API tokens yet.");
    expect(html).not.toContain("Night porter tablet");
  });
});
