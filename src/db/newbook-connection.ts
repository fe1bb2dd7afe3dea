// A kitchen's stored Newbook connection, decrypted only where a sync or a connection test
// needs it.
import { eq } from "drizzle-orm";
import * as z from "zod";
import { decryptForKitchen } from "../crypto/credentials";
import type { NewbookCredentials } from "../newbook/client";
import type { Database } from "./client";
import { newbookConnections } from "./schema";

const StoredCredentials = z.object({ username: z.string(), password: z.string(), apiKey: z.string() });

type ConnectionRow = typeof newbookConnections.$inferSelect;

export async function decryptNewbookCredentials(key: CryptoKey, row: ConnectionRow): Promise<NewbookCredentials> {
  const secrets = StoredCredentials.parse(JSON.parse(await decryptForKitchen(key, row.kitchenId, row.credentialsCiphertext)));
  return { ...secrets, region: row.region };
}

export async function loadNewbookCredentials(db: Database, key: CryptoKey, kitchenId: number): Promise<NewbookCredentials | null> {
  const [row] = await db.select().from(newbookConnections).where(eq(newbookConnections.kitchenId, kitchenId));
  return row ? decryptNewbookCredentials(key, row) : null;
}
