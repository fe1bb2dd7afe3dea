// GET /v1/*, checked in the order a real gateway would: injected faults first (they stand
// for an outage in front of the API), then the API key, the per-key rate limit, and
// finally the endpoint. Every answer carries Retry-After in ms until the rate window
// resets, as resOS's do; errors are JSON `{message}`.
import { type Context, Hono } from "hono";
import { untilAborted } from "../../net/abort";
import { malformedBookings } from "./bad-records";
import { pageNumber, readBookingsQuery, selectBookings } from "./bookings-query";
import { fieldDefinitions } from "./custom-fields";
import type { CallFault } from "./faults";
import { listOpeningHours } from "./opening-hours";
import { perWindow } from "../../newbook/simulator/rate-limit";
import type { ResosState } from "./state";
import { toWireBooking } from "./wire-booking";

/** A hung call gives up on its own after this, so nothing waits forever. */
const HANG_CAP_MS = 10 * 60_000;

const MAINTENANCE_PAGE = `<!DOCTYPE html>
<html><head><title>resOS - we'll be right back</title></head>
<body><h1>resOS is being updated</h1><p>We'll be back in a few minutes.</p></body></html>`;

export function restRoutes(state: ResosState): Hono {
  const app = new Hono();

  app.use(async (c, next) => {
    state.calls++;
    await next();
    if (!c.res.headers.has("Retry-After")) c.res.headers.set("Retry-After", String(state.rateLimiter.msUntilReset(state.options.clock())));
  });

  app.use(async (c, next) => {
    const fault = state.faults.takeForCall();
    if (fault?.kind === "slow") await untilAborted(c.req.raw.signal, fault.delayMs);
    else if (fault) return faultResponse(c, fault, state);

    if (!apiKeyMatches(c.req.header("authorization"), state.options.apiKey)) return unauthorized(c);
    const decision = state.rateLimiter.take(state.options.apiKey, state.options.clock());
    if (!decision.allowed) return throttled(c, decision.retryAfterMs, state);
    await next();
  });

  app.get("/bookings", (c) => {
    const query = readBookingsQuery(c.req.query());
    if ("error" in query) return c.json({ message: query.error }, 400);
    const fault = state.faults.takeForBookingsPage(pageNumber(query));
    if (fault === "page") return serverError(c);
    const { restaurant, options } = state;
    const page = selectBookings(state, query).map((booking) => toWireBooking(booking, restaurant, query.expandCustomFields));
    if (fault === "bad_records") page.push(...malformedBookings(restaurant, query.window, options.today));
    return c.json(page);
  });

  app.get("/customFields", (c) => c.json(fieldDefinitions(state.restaurant.fields)));

  app.get("/openingHours", (c) =>
    c.json(listOpeningHours(state.restaurant.openingHours, { showDeleted: c.req.query("showDeleted"), onlySpecial: c.req.query("onlySpecial") })),
  );

  // Here rather than as notFound(): a mounted app's notFound is never asked.
  app.all("*", (c) => c.json({ message: `Cannot ${c.req.method} ${new URL(c.req.url).pathname}` }, 404));

  return app;
}

/** resOS reads the private key from the Basic-auth username; the password is left empty. */
function apiKeyMatches(header: string | undefined, apiKey: string): boolean {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
  if (!match) return false;
  let decoded: string;
  try {
    decoded = new TextDecoder().decode(Uint8Array.from(atob(match[1]!), (char) => char.charCodeAt(0)));
  } catch {
    return false;
  }
  return decoded === `${apiKey}:`;
}

function unauthorized(c: Context): Response {
  return c.json({ message: "Unauthorized: send the API key as the Basic-auth username with an empty password" }, 401);
}

function throttled(c: Context, retryAfterMs: number, state: ResosState): Response {
  const { rate } = state.rateLimiter;
  const per = rate.windowMs === 60_000 ? "a minute" : perWindow(rate);
  return c.json({ message: `Too many requests: at most ${rate.limit} ${per}; retry after Retry-After ms` }, 429, { "Retry-After": String(retryAfterMs) });
}

function serverError(c: Context): Response {
  return c.text("Internal Server Error", 500);
}

async function faultResponse(c: Context, fault: CallFault, state: ResosState): Promise<Response> {
  switch (fault.kind) {
    case "500":
      return serverError(c);
    case "401":
      return unauthorized(c);
    case "throttled":
      return throttled(c, fault.retryAfterMs ?? state.rateLimiter.msUntilReset(state.options.clock()), state);
    case "hang":
      await untilAborted(c.req.raw.signal, HANG_CAP_MS);
      return c.text("Gateway Timeout", 504);
    case "html":
      return c.html(MAINTENANCE_PAGE);
    case "slow":
      throw new Error("a slow call is answered, not failed");
  }
}
