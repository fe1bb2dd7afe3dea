// POST /rest/:action, checked in the order a real gateway would: injected faults first
// (they stand for an outage in front of the API), then Basic auth, the per-credential
// rate limit, the body, the property's region and api_key, and finally the action.
import { type Context, Hono } from "hono";
import { untilAborted } from "../../net/abort";
import type { CallRate } from "../../net/call-window";
import { failureEnvelope } from "./envelope";
import type { CallFault } from "./faults";
import type { SimulatorCredentials } from "./options";
import { perWindow } from "./rate-limit";
import { REST_ACTIONS } from "./rest-actions";
import type { RequestBody } from "./request-fields";
import type { SimulatorState } from "./state";

/** A hung call gives up on its own after this, so nothing waits forever. */
const HANG_CAP_MS = 10 * 60_000;

const MAINTENANCE_PAGE = `<!DOCTYPE html>
<html><head><title>Scheduled maintenance</title></head>
<body><h1>Newbook is undergoing scheduled maintenance</h1><p>Please try again shortly.</p></body></html>`;

export function restRoutes(state: SimulatorState): Hono {
  const app = new Hono();

  app.post("/:action", async (c) => {
    state.calls++;
    const fault = state.faults.takeForCall();
    if (fault?.kind === "slow") await untilAborted(c.req.raw.signal, fault.delayMs);
    else if (fault) return faultResponse(c, fault, state.rateLimiter.rate);

    const { credentials, clock } = state.options;
    if (!basicAuthMatches(c.req.header("authorization"), credentials)) return unauthorized(c);

    const body = parseJsonObject(await c.req.text());
    const apiKey = typeof body?.api_key === "string" ? body.api_key : "";
    const decision = state.rateLimiter.take(`${credentials.username}\n${apiKey}`, clock());
    if (!decision.allowed) return throttled(c, decision.retryAfterSeconds, state.rateLimiter.rate);

    if (!body) return c.json(failureEnvelope("Invalid request: the body must be a JSON object"));
    if (body.region !== credentials.region) return c.json(failureEnvelope("Invalid region"));
    if (body.api_key !== credentials.apiKey) return c.json(failureEnvelope("Invalid API key"));

    const action = REST_ACTIONS.get(c.req.param("action"));
    if (!action) return c.json(failureEnvelope(`Unknown action "${c.req.param("action")}"`));
    const result = action(state, body);
    if (result.status === 500) return serverError(c);
    return c.json(result.body, result.status);
  });

  return app;
}

function basicAuthMatches(header: string | undefined, credentials: SimulatorCredentials): boolean {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
  if (!match) return false;
  let decoded: string;
  try {
    decoded = new TextDecoder().decode(Uint8Array.from(atob(match[1]!), (char) => char.charCodeAt(0)));
  } catch {
    return false;
  }
  const colon = decoded.indexOf(":");
  return colon >= 0 && decoded.slice(0, colon) === credentials.username && decoded.slice(colon + 1) === credentials.password;
}

function parseJsonObject(text: string): RequestBody | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as RequestBody) : null;
  } catch {
    return null;
  }
}

function unauthorized(c: Context): Response {
  return c.json(failureEnvelope("Invalid username or password"), 401, { "WWW-Authenticate": 'Basic realm="Newbook API"' });
}

function throttled(c: Context, retryAfterSeconds: number, rate: CallRate): Response {
  return c.json(failureEnvelope(`Rate limit exceeded: ${rate.limit} requests ${perWindow(rate)}`), 429, { "Retry-After": String(retryAfterSeconds) });
}

function serverError(c: Context): Response {
  return c.text("Internal Server Error", 500);
}

async function faultResponse(c: Context, fault: CallFault, rate: CallRate): Promise<Response> {
  switch (fault.kind) {
    case "500":
      return serverError(c);
    case "throttled":
      return throttled(c, fault.retryAfterSeconds, rate);
    case "hang":
      await untilAborted(c.req.raw.signal, HANG_CAP_MS);
      return c.text("Gateway Timeout", 504);
    case "html":
      return c.html(MAINTENANCE_PAGE);
    case "success_false":
      return c.json(failureEnvelope("Simulated failure"));
    case "401":
      return unauthorized(c);
    case "slow":
      throw new Error("a slow call is answered, not failed");
  }
}
