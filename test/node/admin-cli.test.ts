import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "../../src/auth/password";
import { sha256Hex } from "../../src/auth/tokens";
import { CredentialsDecryptError, decryptForKitchen, importCredentialsKey } from "../../src/crypto/credentials";
import { runAdminCli, type CliResult } from "../support/admin-cli";
import { createMigratedState, type LocalState } from "../support/local-state";

const KEY = Buffer.alloc(32, 5).toString("base64");
let state: LocalState;

/** Runs the CLI against this file's local state (pass `local: false` to leave --persist-to off). */
function admin(args: string[], env: Record<string, string | undefined> = { CREDENTIALS_KEY: KEY }, local = true): Promise<CliResult> {
  return runAdminCli(args, { env, persistTo: local ? state.dir : undefined });
}

async function rowCounts(): Promise<Record<string, number>> {
  const [row] = await state.d1.query<Record<string, number>>(
    `SELECT ${["kitchens", "sync_settings", "users", "memberships", "api_tokens", "newbook_connections", "resos_connections"]
      .map((table) => `(SELECT count(*) FROM ${table}) AS ${table}`)
      .join(", ")}`,
  );
  return row!;
}

beforeAll(async () => {
  state = await createMigratedState();
});
afterAll(() => state?.remove());

describe("admin CLI", () => {
  it("creates a kitchen with default sync settings and lists it", async () => {
    const created = await admin(["kitchen", "create", "--slug", "harbour", "--name", "Harbour Hotel", "--tz", "Europe/Dublin"]);
    expect(created).toMatchObject({ code: 0, stderr: [] });
    expect(created.stdout[0]).toContain("created kitchen harbour");
    await admin(["kitchen", "create", "--slug", "lodge", "--name", "O'Neill's Lodge"]);

    const [settings] = await state.d1.query<{ time_zone: string; enabled: number; interval_minutes: number; days_ahead: number }>(
      "SELECT k.time_zone, s.enabled, s.interval_minutes, s.days_ahead FROM kitchens k JOIN sync_settings s ON s.kitchen_id = k.id WHERE k.slug = 'harbour'",
    );
    expect(settings).toEqual({ time_zone: "Europe/Dublin", enabled: 1, interval_minutes: 15, days_ahead: 7 });

    const listed = await admin(["kitchen", "list"]);
    expect(listed.code).toBe(0);
    expect(listed.stdout[0]).toMatch(/^slug\s+name\s+time zone/);
    expect(listed.stdout.find((line) => line.startsWith("lodge"))).toContain("O'Neill's Lodge");
    expect(listed.stdout.find((line) => line.startsWith("lodge"))).toContain("Europe/London");
  });

  it("creates a user whose password verifies, and grants a second kitchen", async () => {
    const created = await admin(["user", "create", "--email", " Chef@Harbour.Example ", "--password", "s3cret-pass", "--kitchen", "harbour", "--role", "admin"]);
    expect(created).toMatchObject({ code: 0, stderr: [] });
    const granted = await admin(["user", "grant", "--email", "chef@harbour.example", "--kitchen", "lodge", "--role", "manager"]);
    expect(granted.code).toBe(0);

    const rows = await state.d1.query<{ email: string; password_hash: string; slug: string; role: string }>(
      "SELECT u.email, u.password_hash, k.slug, m.role FROM users u JOIN memberships m ON m.user_id = u.id JOIN kitchens k ON k.id = m.kitchen_id ORDER BY k.slug",
    );
    expect(rows.map(({ email, slug, role }) => ({ email, slug, role }))).toEqual([
      { email: "chef@harbour.example", slug: "harbour", role: "admin" },
      { email: "chef@harbour.example", slug: "lodge", role: "manager" },
    ]);
    expect(await verifyPassword("s3cret-pass", rows[0]!.password_hash)).toBe(true);
    expect(await verifyPassword("wrong-pass", rows[0]!.password_hash)).toBe(false);
  });

  it("prints a new token alone on the last line, stores only its hash, and revokes it", async () => {
    const created = await admin(["token", "create", "--kitchen", "harbour", "--role", "manager", "--label", "Pass printer"]);
    expect(created.code).toBe(0);
    const token = created.stdout.at(-1)!;
    expect(token).toMatch(/^kr_[A-Za-z0-9_-]{43}$/);

    const [stored] = await state.d1.query<{ id: number; token_hash: string; role: string; label: string }>(
      "SELECT id, token_hash, role, label FROM api_tokens",
    );
    expect(stored).toMatchObject({ token_hash: await sha256Hex(token), role: "manager", label: "Pass printer" });

    const revoked = await admin(["token", "revoke", "--kitchen", "harbour", "--id", String(stored!.id)]);
    expect(revoked.stdout).toEqual([`revoked token #${stored!.id} of harbour`]);
    const [after] = await state.d1.query<{ revoked_at: string | null }>("SELECT revoked_at FROM api_tokens");
    expect(after!.revoked_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    // A token of one kitchen cannot be revoked through another.
    const foreign = await admin(["token", "revoke", "--kitchen", "lodge", "--id", String(stored!.id)]);
    expect(foreign.code).toBe(1);
  });

  it("stores Newbook and resOS credentials encrypted for the kitchen", async () => {
    const newbook = await admin([
      "newbook", "connect", "--kitchen", "harbour", "--username", "nb-user", "--password", "nb-pass",
      "--api-key", "instances_0123456789abcdef0123456789abcdef", "--region", "EU",
    ]);
    expect(newbook).toMatchObject({ code: 0, stderr: [] });
    const resos = await admin(["resos", "connect", "--kitchen", "harbour", "--api-key", "resos-key-1"]);
    expect(resos.code).toBe(0);
    expect([...newbook.stdout, ...resos.stdout].join("\n")).not.toMatch(/nb-pass|resos-key-1|instances_/);

    const [row] = await state.d1.query<{ id: number; region: string; credentials_ciphertext: string; api_key_ciphertext: string }>(
      `SELECT k.id, n.region, n.credentials_ciphertext, r.api_key_ciphertext FROM kitchens k
       JOIN newbook_connections n ON n.kitchen_id = k.id JOIN resos_connections r ON r.kitchen_id = k.id WHERE k.slug = 'harbour'`,
    );
    expect(row!.region).toBe("eu");
    expect(row!.credentials_ciphertext).not.toContain("nb-pass");
    const key = await importCredentialsKey(KEY);
    expect(JSON.parse(await decryptForKitchen(key, row!.id, row!.credentials_ciphertext))).toEqual({
      username: "nb-user",
      password: "nb-pass",
      apiKey: "instances_0123456789abcdef0123456789abcdef",
    });
    expect(await decryptForKitchen(key, row!.id, row!.api_key_ciphertext)).toBe("resos-key-1");
    await expect(decryptForKitchen(key, row!.id + 1, row!.api_key_ciphertext)).rejects.toThrow(CredentialsDecryptError);

    // Connecting again replaces the secret instead of adding a row.
    await admin(["resos", "connect", "--kitchen", "harbour", "--api-key", "resos-key-2"]);
    const rows = await state.d1.query<{ api_key_ciphertext: string }>("SELECT api_key_ciphertext FROM resos_connections");
    expect(rows).toHaveLength(1);
    expect(await decryptForKitchen(key, row!.id, rows[0]!.api_key_ciphertext)).toBe("resos-key-2");
  });

  it("leaves the resOS mapping for the next sync to detect, and forgets the old restaurant on a new key", async () => {
    // What a sync and an admin left under the old key: the restaurant read, a mapping, a service chosen.
    await state.d1.execute([
      `UPDATE resos_connections SET booking_number_field_id = 'f1', hotel_guest_field_id = 'f2', dbb_field_id = 'f3',
         group_field_id = 'f4', dietary_field_ids = '["f5"]', service_choices = '{"h1":"other"}',
         custom_fields_json = '[{"id":"f1","name":"Booking #","type":"string","choices":[]}]', opening_hours_json = '[{"id":"h1"}]',
         restaurant_read_at = '2026-11-20T10:00:00.000Z', updated_at = '2026-11-20T10:00:00.000Z'`,
    ]);
    const connected = await admin(["resos", "connect", "--kitchen", "harbour", "--api-key", "resos-key-3"]);
    expect(connected).toMatchObject({ code: 0, stderr: [] });
    expect(connected.stdout).toEqual([
      "connected harbour to resOS; API key stored encrypted",
      "next: the next sync reads the restaurant's fields and detects the mapping; check it in Settings (resOS connection)",
    ]);
    const [row] = await state.d1.query<Record<string, string | null>>(
      `SELECT k.id, r.api_key_ciphertext, r.booking_number_field_id, r.hotel_guest_field_id, r.dbb_field_id, r.group_field_id,
              r.dietary_field_ids, r.service_choices, r.custom_fields_json, r.opening_hours_json, r.restaurant_read_at, r.updated_at
       FROM resos_connections r JOIN kitchens k ON k.id = r.kitchen_id WHERE k.slug = 'harbour'`,
    );
    const { id, api_key_ciphertext, updated_at, ...reset } = row!;
    expect(reset).toEqual({
      booking_number_field_id: null,
      hotel_guest_field_id: null,
      dbb_field_id: null,
      group_field_id: null,
      dietary_field_ids: "[]",
      service_choices: "{}",
      custom_fields_json: "[]",
      opening_hours_json: "[]",
      restaurant_read_at: null,
    });
    expect(updated_at! > "2026-11-20T10:00:00.000Z").toBe(true);
    expect(await decryptForKitchen(await importCredentialsKey(KEY), Number(id), api_key_ciphertext!)).toBe("resos-key-3");
  });

  it("lets exactly one of two simultaneous creates of one user through", async () => {
    const args = ["user", "create", "--email", "twin@harbour.example", "--password", "long-enough", "--kitchen", "harbour", "--role", "manager"];
    const results = await Promise.all([admin(args), admin(args)]);
    expect(results.map((r) => r.code).sort()).toEqual([0, 1]);
    // Whether the loser saw the winner's row before writing or hit the UNIQUE index, it says the same.
    const loser = results.find((r) => r.code === 1)!;
    expect(loser.stderr).toHaveLength(1);
    expect(loser.stderr[0]).toMatch(/^error: user twin@harbour\.example exists already/);
    const rows = await state.d1.query("SELECT id FROM users WHERE email = 'twin@harbour.example'");
    expect(rows).toHaveLength(1);
  });

  describe.sequential("bad or missing arguments: one line, non-zero exit, nothing written", () => {
    const cases: { name: string; args: string[]; env?: Record<string, string | undefined>; local?: boolean; message: RegExp }[] = [
      { name: "no command", args: ["kitchen"], message: /unknown command "kitchen"/ },
      { name: "unknown command", args: ["kitchen", "delete", "--slug", "harbour"], message: /unknown command/ },
      { name: "unknown option", args: ["kitchen", "create", "--slug", "x", "--name", "X", "--colour", "red"], message: /Unknown option '--colour'/ },
      { name: "option of another command", args: ["kitchen", "create", "--slug", "x", "--name", "X", "--role", "admin"], message: /unknown option --role/ },
      { name: "missing --name", args: ["kitchen", "create", "--slug", "x"], message: /--name is required/ },
      { name: "bad slug", args: ["kitchen", "create", "--slug", "Not A Slug", "--name", "X"], message: /--slug/ },
      { name: "bad time zone", args: ["kitchen", "create", "--slug", "x", "--name", "X", "--tz", "Mars/Olympus"], message: /IANA time zone/ },
      { name: "duplicate slug", args: ["kitchen", "create", "--slug", "harbour", "--name", "Again"], message: /exists already/ },
      { name: "bad email", args: ["user", "create", "--email", "nobody", "--password", "long-enough", "--kitchen", "harbour", "--role", "admin"], message: /not an email/ },
      { name: "short password", args: ["user", "create", "--email", "a@b.example", "--password", "short", "--kitchen", "harbour", "--role", "admin"], message: /at least 8/ },
      { name: "bad role", args: ["user", "create", "--email", "a@b.example", "--password", "long-enough", "--kitchen", "harbour", "--role", "owner"], message: /admin or manager/ },
      { name: "unknown kitchen", args: ["user", "create", "--email", "a@b.example", "--password", "long-enough", "--kitchen", "nowhere", "--role", "admin"], message: /no kitchen with slug "nowhere"/ },
      { name: "existing user", args: ["user", "create", "--email", "chef@harbour.example", "--password", "long-enough", "--kitchen", "lodge", "--role", "admin"], message: /exists already.*user grant/ },
      { name: "grant to unknown user", args: ["user", "grant", "--email", "ghost@b.example", "--kitchen", "lodge", "--role", "admin"], message: /no user ghost@b.example/ },
      { name: "token for unknown kitchen", args: ["token", "create", "--kitchen", "nowhere", "--role", "admin"], message: /no kitchen/ },
      { name: "token id not a number", args: ["token", "revoke", "--kitchen", "harbour", "--id", "abc"], message: /--id/ },
      { name: "bad region", args: ["newbook", "connect", "--kitchen", "lodge", "--username", "u", "--password", "p", "--api-key", "k", "--region", "europe-west"], message: /--region/ },
      { name: "empty api key", args: ["resos", "connect", "--kitchen", "lodge", "--api-key", "  "], message: /--api-key: must not be empty/ },
      // Never .dev.vars for production: that would store secrets production cannot read.
      { name: "remote without CREDENTIALS_KEY", args: ["resos", "connect", "--kitchen", "lodge", "--api-key", "k", "--remote"], env: {}, local: false, message: /--remote .*CREDENTIALS_KEY/ },
      { name: "short credentials key", args: ["resos", "connect", "--kitchen", "lodge", "--api-key", "k"], env: { CREDENTIALS_KEY: Buffer.alloc(16).toString("base64") }, message: /32 bytes/ },
      { name: "remote with persist-to", args: ["kitchen", "list", "--remote"], message: /--persist-to .* cannot go with --remote/ },
    ];

    // Reading D1 costs a wrangler start, so the tables are counted once around all the cases.
    let before: Record<string, number>;
    beforeAll(async () => {
      before = await rowCounts();
    });

    it.each(cases)("$name", async ({ args, env, local, message }) => {
      const result = await admin(args, env, local);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toHaveLength(1);
      expect(result.stderr[0]).toMatch(/^error: /);
      expect(result.stderr[0]).toMatch(message);
    });

    it("left every table as it was", async () => {
      expect(before.kitchens).toBeGreaterThan(0);
      expect(await rowCounts()).toEqual(before);
    });
  });
});
