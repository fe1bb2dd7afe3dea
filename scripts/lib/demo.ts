// The demo kitchen that `npm start` creates when it is missing, with one login per role,
// connected to the Newbook and resOS simulators that run inside the local Worker.
import { hashPassword } from "../../src/auth/password";
import { encryptForKitchen, importCredentialsKey } from "../../src/crypto/credentials";
import { SIMULATOR_CREDENTIALS } from "../../src/newbook/simulator";
import { RESOS_SIMULATOR_API_KEY } from "../../src/resos/simulator";
import type { Role } from "../../src/db/schema";
import type { WranglerD1 } from "./d1";
import { sqlLiteral } from "./sql";

export const DEMO_KITCHEN = { slug: "demo", name: "Demo Hotel", timeZone: "Europe/London" } as const;

export const DEMO_LOGINS: readonly { role: Role; email: string; password: string }[] = [
  { role: "admin", email: "admin@demo.example", password: "demo-admin-pass" },
  { role: "manager", email: "manager@demo.example", password: "demo-manager-pass" },
];

/**
 * Creates whatever of the demo kitchen, its logins and its Newbook and resOS connections is
 * missing; leaves existing rows alone. `credentialsKey` is the local CREDENTIALS_KEY. The
 * resOS mapping is left to the first sync, which detects it from the restaurant's fields.
 */
export async function ensureDemoKitchen(d1: WranglerD1, credentialsKey: string): Promise<void> {
  const slug = sqlLiteral(DEMO_KITCHEN.slug);
  const statements = [
    // Its schedule row comes with it (a trigger of migration 0004).
    `INSERT OR IGNORE INTO kitchens (slug, name, time_zone) VALUES (${slug}, ${sqlLiteral(DEMO_KITCHEN.name)}, ${sqlLiteral(DEMO_KITCHEN.timeZone)})`,
  ];
  for (const login of DEMO_LOGINS) {
    const email = sqlLiteral(login.email);
    statements.push(
      `INSERT OR IGNORE INTO users (email, password_hash) VALUES (${email}, ${sqlLiteral(await hashPassword(login.password))})`,
      `INSERT OR IGNORE INTO memberships (user_id, kitchen_id, role)
       SELECT u.id, k.id, ${sqlLiteral(login.role)} FROM users u, kitchens k WHERE u.email = ${email} AND k.slug = ${slug}`,
    );
  }
  statements.push(
    `SELECT k.id,
            EXISTS (SELECT 1 FROM newbook_connections n WHERE n.kitchen_id = k.id) AS newbook,
            EXISTS (SELECT 1 FROM resos_connections r WHERE r.kitchen_id = k.id) AS resos
       FROM kitchens k WHERE k.slug = ${slug}`,
  );
  const results = await d1.execute(statements);
  const kitchen = results.at(-1)?.[0] as { id: number; newbook: number; resos: number } | undefined;
  if (!kitchen) return;
  const key = await importCredentialsKey(credentialsKey);
  const connections: string[] = [];
  if (!kitchen.newbook) {
    const { username, password, apiKey, region } = SIMULATOR_CREDENTIALS;
    const ciphertext = await encryptForKitchen(key, kitchen.id, JSON.stringify({ username, password, apiKey }));
    connections.push(`INSERT OR IGNORE INTO newbook_connections (kitchen_id, region, credentials_ciphertext) VALUES (${kitchen.id}, ${sqlLiteral(region)}, ${sqlLiteral(ciphertext)})`);
  }
  if (!kitchen.resos) {
    const ciphertext = await encryptForKitchen(key, kitchen.id, RESOS_SIMULATOR_API_KEY);
    connections.push(`INSERT OR IGNORE INTO resos_connections (kitchen_id, api_key_ciphertext) VALUES (${kitchen.id}, ${sqlLiteral(ciphertext)})`);
  }
  if (connections.length > 0) await d1.execute(connections);
}
