import * as z from "zod";

/** A request to sync one kitchen's upcoming nights, as carried by the sync queue. */
export const SyncMessage = z.object({
  kitchenId: z.number().int().positive(),
  kind: z.enum(["frequent", "manual"]),
});
export type SyncMessage = z.infer<typeof SyncMessage>;
