// The demo kitchen that `npm start` creates when it is missing, with one login per role.
import { hashPassword } from "../../src/auth/password";
import type { Role } from "../../src/db/schema";
import type { WranglerD1 } from "./d1";
import { sqlLiteral } from "./sql";

export const DEMO_KITCHEN = { slug: "demo", name: "Demo Hotel", timeZone: "Europe/London" } as const;

export const DEMO_LOGINS: readonly { role: Role; email: string; password: string }[] = [
  { role: "admin", email: "admin@demo.example", password: "demo-admin-pass" },
  { role: "manager", email: "manager@demo.example", password: "demo-manager-pass" },
];

/** Creates whatever of the demo kitchen and its logins is missing; leaves existing rows alone. */
export async function ensureDemoKitchen(d1: WranglerD1): Promise<void> {
  const slug = sqlLiteral(DEMO_KITCHEN.slug);
  const statements = [
    `INSERT OR IGNORE INTO kitchens (slug, name, time_zone) VALUES (${slug}, ${sqlLiteral(DEMO_KITCHEN.name)}, ${sqlLiteral(DEMO_KITCHEN.timeZone)})`,
    `INSERT OR IGNORE INTO sync_settings (kitchen_id) SELECT id FROM kitchens WHERE slug = ${slug}`,
  ];
  for (const login of DEMO_LOGINS) {
    const email = sqlLiteral(login.email);
    statements.push(
      `INSERT OR IGNORE INTO users (email, password_hash) VALUES (${email}, ${sqlLiteral(await hashPassword(login.password))})`,
      `INSERT OR IGNORE INTO memberships (user_id, kitchen_id, role)
       SELECT u.id, k.id, ${sqlLiteral(login.role)} FROM users u, kitchens k WHERE u.email = ${email} AND k.slug = ${slug}`,
    );
  }
  await d1.execute(statements);
}
