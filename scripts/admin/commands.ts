// The admin CLI's commands. Each validates all of its arguments before touching D1 and
// writes in one batch, so a bad call writes nothing.
import * as z from "zod";
import { normalizeEmail } from "../../src/auth/email";
import { hashPassword } from "../../src/auth/password";
import { newApiToken, sha256Hex } from "../../src/auth/tokens";
import { encryptForKitchen, importCredentialsKey } from "../../src/crypto/credentials";
import { ROLES } from "../../src/db/schema";
import { DEFAULT_TIME_ZONE, isValidTimeZone } from "../../src/domain/kitchen-time";
import { typedTextProblem } from "../../src/domain/typed-text";
import { D1Error, type WranglerD1 } from "../lib/d1";
import { insertRow, sqlLiteral } from "../lib/sql";

export class AdminError extends Error {
  override name = "AdminError";
}

export interface AdminContext {
  d1: WranglerD1;
  /** CREDENTIALS_KEY, asked for only by commands that store secrets. */
  credentialsKey(): string;
}

export interface Command<Schema extends z.ZodType = z.ZodType> {
  usage: string;
  options: Schema;
  run(context: AdminContext, options: z.infer<Schema>): Promise<string[]>;
}

const slug = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, "--slug/--kitchen: 1-40 lower-case letters, digits and dashes, not starting or ending with a dash");
/** Text as a person types it: no control characters (a line break, an escape), nothing that was not UTF-8. */
const typed = (flag: string) =>
  z.string().superRefine((value, ctx) => {
    const problem = typedTextProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: `${flag}: ${problem}` });
  });
const email = z.string().transform(normalizeEmail).pipe(z.email("--email: not an email address").max(254, "--email: at most 254 characters"));
// The sign-in form's password field can send neither a line break nor more than 1,024 characters.
const password = typed("--password").min(8, "--password: at least 8 characters").max(1024, "--password: at most 1,024 characters");
const role = z.enum(ROLES, "--role: admin or manager");
const secret = (flag: string) => typed(flag).trim().min(1, `${flag}: must not be empty`).max(500, `${flag}: at most 500 characters`);
/** A row's id as typed: digits only, so "0x0f", "1e1", "1.0" and " 1" name no row rather than another one. */
const rowId = (flag: string) => z.string().regex(/^[1-9]\d{0,15}$/, `${flag}: a token number, digits only (see: token list)`).transform(Number);

function define<Schema extends z.ZodType>(command: Command<Schema>): Command<Schema> {
  return command;
}

async function kitchenId(context: AdminContext, kitchenSlug: string): Promise<number> {
  const [row] = await context.d1.query<{ id: number }>(`SELECT id FROM kitchens WHERE slug = ${sqlLiteral(kitchenSlug)}`);
  if (!row) throw new AdminError(`no kitchen with slug "${kitchenSlug}" (see: kitchen list)`);
  return row.id;
}


/** A UNIQUE failure on `column` (a concurrent or earlier write) as a plain message; any other error as it was. */
function uniqueViolation(error: unknown, column: string, message: string): unknown {
  return error instanceof D1Error && error.message.includes(`UNIQUE constraint failed: ${column}`) ? new AdminError(message) : error;
}

const NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

export const commands = {
  "kitchen create": define({
    usage: "kitchen create --slug S --name N [--tz Europe/London]",
    options: z.strictObject({
      slug,
      name: typed("--name").trim().min(1, "--name: must not be empty").max(100, "--name: at most 100 characters"),
      tz: z
        .string()
        .default(DEFAULT_TIME_ZONE)
        .refine(isValidTimeZone, "--tz: not an IANA time zone (e.g. Europe/London)"),
    }),
    async run(context, { slug, name, tz }) {
      try {
        // Its schedule row comes with it (a trigger of migration 0004).
        await context.d1.execute([insertRow("kitchens", { slug, name, time_zone: tz })]);
      } catch (error) {
        throw uniqueViolation(error, "kitchens.slug", `a kitchen with slug "${slug}" exists already`);
      }
      return [`created kitchen ${slug} ("${name}", ${tz})`];
    },
  }),

  "kitchen list": define({
    usage: "kitchen list",
    options: z.strictObject({}),
    async run(context) {
      const rows = await context.d1.query<{ slug: string; name: string; time_zone: string; members: number; newbook: number; resos: number }>(
        `SELECT k.slug, k.name, k.time_zone,
                (SELECT count(*) FROM memberships m WHERE m.kitchen_id = k.id) AS members,
                EXISTS (SELECT 1 FROM newbook_connections n WHERE n.kitchen_id = k.id) AS newbook,
                EXISTS (SELECT 1 FROM resos_connections r WHERE r.kitchen_id = k.id) AS resos
         FROM kitchens k ORDER BY k.slug`,
      );
      if (rows.length === 0) return ["no kitchens yet (create one: kitchen create --slug S --name N)"];
      return formatTable(
        ["slug", "name", "time zone", "members", "newbook", "resos"],
        rows.map((r) => [r.slug, r.name, r.time_zone, String(r.members), r.newbook ? "connected" : "-", r.resos ? "connected" : "-"]),
      );
    },
  }),

  "user create": define({
    usage: "user create --email E --password P --kitchen S --role admin|manager",
    options: z.strictObject({ email, password, kitchen: slug, role }),
    async run(context, options) {
      const [found] = await context.d1.query<{ kitchen_id: number | null; user_id: number | null }>(
        `SELECT (SELECT id FROM kitchens WHERE slug = ${sqlLiteral(options.kitchen)}) AS kitchen_id,
                (SELECT id FROM users WHERE email = ${sqlLiteral(options.email)}) AS user_id`,
      );
      if (!found?.kitchen_id) throw new AdminError(`no kitchen with slug "${options.kitchen}" (see: kitchen list)`);
      if (found.user_id) {
        throw new AdminError(`user ${options.email} exists already; to add a kitchen: user grant --email E --kitchen S --role R`);
      }
      try {
        await context.d1.execute([
          insertRow("users", { email: options.email, password_hash: await hashPassword(options.password) }),
          `INSERT INTO memberships (user_id, kitchen_id, role)
           SELECT id, ${found.kitchen_id}, ${sqlLiteral(options.role)} FROM users WHERE email = ${sqlLiteral(options.email)}`,
        ]);
      } catch (error) {
        throw uniqueViolation(error, "users.email", `user ${options.email} exists already`);
      }
      return [`created user ${options.email}, ${options.role} of ${options.kitchen}`];
    },
  }),

  "user grant": define({
    usage: "user grant --email E --kitchen S --role admin|manager",
    options: z.strictObject({ email, kitchen: slug, role }),
    async run(context, options) {
      const [found] = await context.d1.query<{ kitchen_id: number | null; user_id: number | null }>(
        `SELECT (SELECT id FROM kitchens WHERE slug = ${sqlLiteral(options.kitchen)}) AS kitchen_id,
                (SELECT id FROM users WHERE email = ${sqlLiteral(options.email)}) AS user_id`,
      );
      if (!found?.kitchen_id) throw new AdminError(`no kitchen with slug "${options.kitchen}" (see: kitchen list)`);
      if (!found.user_id) throw new AdminError(`no user ${options.email} (create one: user create ...)`);
      await context.d1.execute([
        `INSERT INTO memberships (user_id, kitchen_id, role) VALUES (${found.user_id}, ${found.kitchen_id}, ${sqlLiteral(options.role)})
         ON CONFLICT (user_id, kitchen_id) DO UPDATE SET role = excluded.role`,
      ]);
      return [`${options.email} is now ${options.role} of ${options.kitchen}`];
    },
  }),

  "token create": define({
    usage: "token create --kitchen S --role admin|manager [--label L]",
    options: z.strictObject({
      kitchen: slug,
      role,
      label: typed("--label").trim().min(1, "--label: must not be empty (leave it out for none)").max(100, "--label: at most 100 characters").optional(),
    }),
    async run(context, options) {
      const kitchen = await kitchenId(context, options.kitchen);
      const token = newApiToken();
      const [inserted] = await context.d1.execute([
        insertRow("api_tokens", {
          kitchen_id: kitchen,
          role: options.role,
          token_hash: await sha256Hex(token),
          label: options.label ?? null,
        }) + " RETURNING id",
      ]);
      const id = (inserted?.[0] as { id?: number } | undefined)?.id;
      return [`created ${options.role} token #${id} for ${options.kitchen}; it is shown once, store it now:`, token];
    },
  }),

  "token list": define({
    usage: "token list --kitchen S",
    options: z.strictObject({ kitchen: slug }),
    async run(context, options) {
      const kitchen = await kitchenId(context, options.kitchen);
      const rows = await context.d1.query<{ id: number; role: string; label: string | null; created_at: string; last_used_at: string | null; revoked_at: string | null }>(
        `SELECT id, role, label, created_at, last_used_at, revoked_at FROM api_tokens WHERE kitchen_id = ${kitchen} ORDER BY id`,
      );
      if (rows.length === 0) return [`no tokens for ${options.kitchen}`];
      return formatTable(
        ["id", "role", "label", "created", "last used", "revoked"],
        rows.map((r) => [String(r.id), r.role, r.label ?? "", r.created_at, r.last_used_at ?? "-", r.revoked_at ?? "-"]),
      );
    },
  }),

  "token revoke": define({
    usage: "token revoke --kitchen S --id N",
    options: z.strictObject({ kitchen: slug, id: rowId("--id") }),
    async run(context, options) {
      const kitchen = await kitchenId(context, options.kitchen);
      const [token] = await context.d1.query<{ revoked_at: string | null }>(
        `SELECT revoked_at FROM api_tokens WHERE id = ${options.id} AND kitchen_id = ${kitchen}`,
      );
      if (!token) throw new AdminError(`no token #${options.id} in ${options.kitchen} (see: token list --kitchen ${options.kitchen})`);
      if (token.revoked_at) return [`token #${options.id} was revoked already, at ${token.revoked_at}`];
      await context.d1.execute([`UPDATE api_tokens SET revoked_at = ${NOW} WHERE id = ${options.id} AND kitchen_id = ${kitchen}`]);
      return [`revoked token #${options.id} of ${options.kitchen}`];
    },
  }),

  "newbook connect": define({
    usage: "newbook connect --kitchen S --username U --password P --api-key K --region R",
    options: z.strictObject({
      kitchen: slug,
      username: secret("--username"),
      password: secret("--password"),
      "api-key": secret("--api-key"),
      region: z
        .string()
        .trim()
        .toLowerCase()
        .regex(/^[a-z]{2,8}$/, "--region: a short region code such as eu, au, us or nz"),
    }),
    async run(context, options) {
      // The key first: a missing key must stop the command before it reaches any database.
      const key = await importCredentialsKey(context.credentialsKey());
      const kitchen = await kitchenId(context, options.kitchen);
      const credentials = JSON.stringify({ username: options.username, password: options.password, apiKey: options["api-key"] });
      const ciphertext = await encryptForKitchen(key, kitchen, credentials);
      await context.d1.execute([
        `${insertRow("newbook_connections", { kitchen_id: kitchen, region: options.region, credentials_ciphertext: ciphertext })}
         ON CONFLICT (kitchen_id) DO UPDATE SET region = excluded.region,
           credentials_ciphertext = excluded.credentials_ciphertext, updated_at = ${NOW}`,
      ]);
      return [`connected ${options.kitchen} to Newbook (region ${options.region}); credentials stored encrypted`];
    },
  }),

  "resos connect": define({
    usage: "resos connect --kitchen S --api-key K",
    options: z.strictObject({ kitchen: slug, "api-key": secret("--api-key") }),
    async run(context, options) {
      const key = await importCredentialsKey(context.credentialsKey());
      const kitchen = await kitchenId(context, options.kitchen);
      const ciphertext = await encryptForKitchen(key, kitchen, options["api-key"]);
      // resOS is not asked from here (the CLI may run where resOS cannot be reached): the next
      // sync reads the restaurant, and detects the mapping because restaurant_read_at is NULL.
      // A new key may be a new restaurant, so what was read or chosen under the old one goes.
      await context.d1.execute([
        `${insertRow("resos_connections", { kitchen_id: kitchen, api_key_ciphertext: ciphertext })}
         ON CONFLICT (kitchen_id) DO UPDATE SET api_key_ciphertext = excluded.api_key_ciphertext, updated_at = ${NOW},
           booking_number_field_id = NULL, hotel_guest_field_id = NULL, dbb_field_id = NULL, group_field_id = NULL,
           dietary_field_ids = '[]', service_choices = '{}', custom_fields_json = '[]', opening_hours_json = '[]',
           restaurant_read_at = NULL`,
      ]);
      return [
        `connected ${options.kitchen} to resOS; API key stored encrypted`,
        "next: the next sync reads the restaurant's fields and detects the mapping; check it in Settings (resOS connection)",
      ];
    },
  }),
} satisfies Record<string, Command>;

export type CommandName = keyof typeof commands;

function formatTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd();
  return [line(header), ...rows.map(line)];
}
