// How the JSON API answers a request that starts a sync run, whichever endpoint started it.
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { getRun } from "../db/run-store";
import type { StartAnswer } from "../sync/run-control";
import { syncRunJson } from "../views/json/sync-run-json";
import { jsonError } from "./respond";

const ALREADY_RUNNING = "A sync is running for this kitchen already; try again when it has finished.";
const NOT_STARTED = "The sync could not be started just now; nothing was changed. Try again in a moment.";

/** 202 with the queued run and where to follow it, 409 while another run holds the kitchen, 503 when our platform refused. */
export async function startedAnswer(c: Context<AppEnv>, answer: StartAnswer): Promise<Response> {
  if (!answer.started) return answer.reason === "running" ? jsonError(c, 409, ALREADY_RUNNING) : jsonError(c, 503, NOT_STARTED);
  const run = (await getRun(c.var.db, c.var.apiCaller.kitchen.id, answer.runId))!;
  c.header("Location", `/api/newbook/sync/runs/${run.id}`);
  return c.json(syncRunJson(run), 202);
}
