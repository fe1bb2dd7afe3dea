// The resOS source of a run's step: on the run's first chunk the restaurant's custom fields
// and opening hours (kept on the connection, so pages and later chunks need not ask), then
// every table booking of the chunk's dates, every status kept. They replace the chunk's
// stored tables in one batch; which stay a table belongs to is worked out when it is read.
import { importCredentialsKey } from "../crypto/credentials";
import { decryptResosApiKey, resosSettingsOf, saveRestaurantQuery } from "../db/resos-connection";
import { replaceTableBookings } from "../db/table-booking-writes";
import { detectFieldMapping } from "../domain/booking-fields";
import type { StayWarning } from "../domain/stay-nights";
import { sharedCallSlots } from "../limits/shared-call-slots";
import { RESOS_CALL_RATE, ResosClient } from "../resos/client";
import { ResosError } from "../resos/errors";
import { resosTransport } from "../resos/transport";
import { simulatorsEnabled } from "../newbook/transport";
import { describeFailure, retryAfterOf } from "./failure";
import type { SourceStepInput, SourceStepResult } from "./sources";

export async function resosStep(input: SourceStepInput): Promise<SourceStepResult> {
  let client: ResosClient | undefined;
  try {
    client = await resosClientFor(input);
    return await syncResosChunk(client, input);
  } catch (error) {
    return { ok: false, error: describeFailure(error, "resOS"), retryAfterMs: retryAfterOf(error), apiCalls: client?.calls ?? 0 };
  }
}

async function resosClientFor({ env, kitchenId, context, deps }: SourceStepInput): Promise<ResosClient> {
  if (!context.resos) throw new ResosError("auth", "resOS is not connected: an admin enters the API key in Settings.");
  const apiKey = await decryptResosApiKey(await importCredentialsKey(env.CREDENTIALS_KEY), context.resos);
  const transport = resosTransport(env.RESOS_BASE_URL, simulatorsEnabled(env.SIMULATORS));
  return new ResosClient({
    baseUrl: transport.baseUrl,
    apiKey,
    fetch: deps.resosFetch ?? transport.fetch,
    timeoutMs: deps.timeoutMs,
    pacer: deps.pacer ?? sharedCallSlots(env, { rate: RESOS_CALL_RATE, kitchenId }),
  });
}

async function syncResosChunk(client: ResosClient, input: SourceStepInput): Promise<SourceStepResult> {
  const { db, kitchenId, nights } = input;
  const settings = resosSettingsOf(input.context.resos!);
  const refresh = input.firstChunk || settings.restaurantReadAt === null;
  const [definitions, openingHours] = refresh ? await Promise.all([client.customFields(), client.openingHours()]) : [settings.definitions, settings.openingHours];
  const tables = await client.bookingsForDates(nights.from, nights.to, definitions);
  const warnings: StayWarning[] = tables.warnings.map((reason) => ({ bookingId: "resOS", reason }));
  return {
    ok: true,
    statements: [
      ...(refresh
        ? [
            saveRestaurantQuery(db, kitchenId, {
              definitions,
              openingHours,
              readAt: input.now().toISOString(),
              // A key stored by the admin CLI was never read: the mapping starts from the fields' names.
              detected: settings.restaurantReadAt === null ? detectFieldMapping(definitions) : null,
            }),
          ]
        : []),
      ...replaceTableBookings(db, kitchenId, input.runId, nights.from, nights.to, tables.bookings),
    ],
    apiCalls: client.calls,
    recordsFetched: tables.bookings.length,
    rowsWritten: tables.bookings.length,
    warnings,
  };
}
