import * as z from "zod";
import { SYNC_RUN_KINDS } from "../db/schema";

/** A request to sync one kitchen, as carried by the sync queue. */
export const SyncMessage = z.object({
  kitchenId: z.number().int().positive(),
  kind: z.enum(SYNC_RUN_KINDS),
});
export type SyncMessage = z.infer<typeof SyncMessage>;
