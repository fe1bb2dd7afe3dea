// /__control: test and demo hooks, outside resOS's API and so without its auth. JSON in,
// JSON out; 400 with a reason for bad input, 404 for an unknown booking.
import { type Context, Hono } from "hono";
import * as z from "zod";
import { dateOf, dayOf } from "../../newbook/simulator/calendar";
import { MAX_ROOMS } from "../../newbook/simulator/options";
import { FaultRequest } from "./faults";
import type { ResosState } from "./state";
import { AddTableRequest, addTable, BusyDayRequest, type ChangeResult, ChangeTableRequest, cancelTable, changeTable, fillDay } from "./table-changes";
import type { SimTableBooking } from "./table-booking";
import { toWireBooking } from "./wire-booking";

export const ResetRequest = z.strictObject({
  seed: z.int().optional(),
  rooms: z.int().min(1).max(MAX_ROOMS).optional(),
  today: z
    .string()
    .refine((value) => dayOf(value) !== null, "must be a YYYY-MM-DD date")
    .optional(),
});
export type ResetRequest = z.infer<typeof ResetRequest>;

type BodyResult<T> = { ok: true; value: T } | { ok: false; response: Response };

const OBJECT_ID = /^[0-9a-f]{24}$/;

export function controlRoutes(state: ResosState, reset: (request: ResetRequest) => void): Hono {
  const app = new Hono();

  app.get("/state", (c) => c.json(stateSummary(state)));

  app.post("/reset", async (c) => {
    const body = await readBody(c, ResetRequest);
    if (!body.ok) return body.response;
    reset(body.value);
    return c.json(stateSummary(state));
  });

  app.post("/faults", async (c) => {
    const body = await readBody(c, FaultRequest);
    if (!body.ok) return body.response;
    state.faults.add(body.value);
    return c.json({ faults: pendingFaults(state) });
  });

  app.delete("/faults", (c) => {
    state.faults.clear();
    return c.json({ faults: [] });
  });

  app.post("/bookings", async (c) => {
    const body = await readBody(c, AddTableRequest);
    if (!body.ok) return body.response;
    const booking = addTable(state, body.value);
    return c.json({ _id: booking.id, booking: wire(state, booking) }, 201);
  });

  app.post("/bookings/:id/cancel", (c) => {
    const id = c.req.param("id");
    if (!OBJECT_ID.test(id)) return unknownBooking(c, id);
    return changeResponse(c, state, cancelTable(state, id));
  });

  app.patch("/bookings/:id", async (c) => {
    const id = c.req.param("id");
    if (!OBJECT_ID.test(id)) return unknownBooking(c, id);
    const body = await readBody(c, ChangeTableRequest);
    if (!body.ok) return body.response;
    return changeResponse(c, state, changeTable(state, id, body.value));
  });

  app.post("/busy-day", async (c) => {
    const body = await readBody(c, BusyDayRequest);
    if (!body.ok) return body.response;
    const added = fillDay(state, body.value);
    const onTheDay = state.bookings.filter((booking) => booking.date === body.value.date).length;
    return c.json({ date: body.value.date, added: added.length, bookings_on_date: onTheDay, ids: added.map((booking) => booking.id) }, 201);
  });

  app.all("*", (c) => c.json({ error: `there is no control endpoint ${c.req.method} ${new URL(c.req.url).pathname}` }, 404));

  return app;
}

function stateSummary(state: ResosState) {
  const { seed, rooms, today } = state.options;
  return {
    seed,
    rooms,
    today,
    bookings: state.bookings.length,
    calls: state.calls,
    faults: pendingFaults(state),
    closed_on: dateOf(state.restaurant.closureDay),
  };
}

/** In the same words the faults were asked for with. */
function pendingFaults(state: ResosState) {
  return state.faults.pending().map((fault) => ({
    kind: fault.kind,
    remaining: fault.remaining,
    ...(fault.kind === "page" ? { page: fault.page } : {}),
    ...(fault.kind === "throttled" && fault.retryAfterMs !== null ? { retry_after_ms: fault.retryAfterMs } : {}),
    ...(fault.kind === "slow" ? { delay_ms: fault.delayMs } : {}),
  }));
}

async function readBody<T extends z.ZodType>(c: Context, schema: T): Promise<BodyResult<z.output<T>>> {
  let json: unknown;
  try {
    const text = await c.req.text();
    // An empty body is an empty request, so `POST /reset` alone regenerates as before.
    json = text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    return { ok: false, response: c.json({ error: "the body must be JSON" }, 400) };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  return { ok: false, response: c.json({ error: `${where}${issue?.message ?? "invalid request"}` }, 400) };
}

function wire(state: ResosState, booking: SimTableBooking) {
  return toWireBooking(booking, state.restaurant, true);
}

function unknownBooking(c: Context, id: string): Response {
  return c.json({ error: `there is no booking ${id}` }, 404);
}

function changeResponse(c: Context, state: ResosState, result: ChangeResult): Response {
  if (!result.ok) return c.json({ error: result.error }, result.status);
  return c.json({ _id: result.booking.id, booking: wire(state, result.booking) });
}
