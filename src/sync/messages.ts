import * as z from "zod";

/**
 * What the sync queue carries.
 * - "frequent": the cron's request to sync a due kitchen's upcoming nights; the consumer
 *   asks the kitchen's scheduler for a lease.
 * - "chunk": one chunk of a run that already holds the lease (Sync now, a historical
 *   range): the run's row, the lease, and which chunk (0-based) to fetch and write next.
 */
export const SyncMessage = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("frequent"), kitchenId: z.number().int().positive() }),
  z.object({
    kind: z.literal("chunk"),
    kitchenId: z.number().int().positive(),
    runId: z.number().int().positive(),
    leaseId: z.string().min(1).max(100),
    chunk: z.number().int().min(0),
  }),
]);
export type SyncMessage = z.infer<typeof SyncMessage>;
export type ChunkMessage = Extract<SyncMessage, { kind: "chunk" }>;
