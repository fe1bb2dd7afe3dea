// /__control: test and demo hooks, outside Newbook's API and so without its auth. JSON in,
// JSON out; 400 with a reason for bad input, 404 for an unknown booking.
import { type Context, Hono } from "hono";
import * as z from "zod";
import { toBookingRecord } from "./booking-record";
import {
  AddBookingRequest,
  addBooking,
  type ChangeResult,
  cancelBooking,
  ModifyBookingRequest,
  MoveBookingRequest,
  modifyBooking,
  moveBooking,
} from "./booking-changes";
import { dayOf } from "./calendar";
import { FaultRequest } from "./faults";
import { MAX_ROOMS } from "./options";
import type { SimulatorState } from "./state";

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

export function controlRoutes(state: SimulatorState, reset: (request: ResetRequest) => void): Hono {
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
    const body = await readBody(c, AddBookingRequest);
    if (!body.ok) return body.response;
    return changeResponse(c, state, addBooking(state, body.value), 201);
  });

  app.post("/bookings/:id/cancel", (c) => {
    const id = bookingId(c.req.param("id"));
    if (id === null) return unknownBooking(c);
    return changeResponse(c, state, cancelBooking(state, id));
  });

  app.post("/bookings/:id/move", async (c) => {
    const id = bookingId(c.req.param("id"));
    if (id === null) return unknownBooking(c);
    const body = await readBody(c, MoveBookingRequest);
    if (!body.ok) return body.response;
    return changeResponse(c, state, moveBooking(state, id, body.value));
  });

  app.post("/bookings/:id/modify", async (c) => {
    const id = bookingId(c.req.param("id"));
    if (id === null) return unknownBooking(c);
    const body = await readBody(c, ModifyBookingRequest);
    if (!body.ok) return body.response;
    return changeResponse(c, state, modifyBooking(state, id, body.value));
  });

  return app;
}

function stateSummary(state: SimulatorState) {
  const { seed, rooms, today } = state.options;
  return { seed, rooms, today, bookings: state.bookings.length, calls: state.calls, faults: pendingFaults(state) };
}

/** In the same words the faults were asked for with. */
function pendingFaults(state: SimulatorState) {
  return state.faults.pending().map((fault) => ({
    kind: fault.kind,
    remaining: fault.remaining,
    ...(fault.kind === "page" ? { page: fault.page } : {}),
    ...(fault.kind === "throttled" ? { retry_after_seconds: fault.retryAfterSeconds } : {}),
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

function bookingId(param: string): number | null {
  return /^\d{1,15}$/.test(param) ? Number(param) : null;
}

function unknownBooking(c: Context): Response {
  return c.json({ error: `there is no booking ${c.req.param("id")}` }, 404);
}

function changeResponse(c: Context, state: SimulatorState, result: ChangeResult, successStatus: 200 | 201 = 200): Response {
  if (!result.ok) return c.json({ error: result.error }, result.status);
  return c.json(
    { booking_id: String(result.booking.id), booking: toBookingRecord(result.booking, state.hotel, state.options.todayDay) },
    successStatus,
  );
}
