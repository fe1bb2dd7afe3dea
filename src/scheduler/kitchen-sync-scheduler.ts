import { DurableObject } from "cloudflare:workers";
import type { Bindings } from "../app-env";

/**
 * One per kitchen (`idFromName(String(kitchenId))`): the single authority on a kitchen's
 * sync interval, failure backoff and single-flight lease, so two runs never overlap even
 * when cron, retries and "Sync now" race. It gains those duties with the frequent sync.
 */
export class KitchenSyncScheduler extends DurableObject<Bindings> {}
