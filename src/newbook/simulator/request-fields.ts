// Reading a /rest request body the way Newbook does: numbers may come as text, and a
// period is "YYYY-MM-DD HH:MM:SS" (or a plain date).
import { parseRequestInstant, type RequestInstant } from "./calendar";

export type RequestBody = Record<string, unknown>;

export interface Period {
  from: RequestInstant;
  to: RequestInstant;
}

export function readPeriod(body: RequestBody): Period | { error: string } {
  const from = parseRequestInstant(body.period_from, "from");
  if (!from) return { error: "period_from is required as YYYY-MM-DD HH:MM:SS" };
  const to = parseRequestInstant(body.period_to, "to");
  if (!to) return { error: "period_to is required as YYYY-MM-DD HH:MM:SS" };
  if (to.timestamp < from.timestamp) return { error: "period_to is before period_from" };
  return { from, to };
}

/** 7, "7", " 7 " -> 7; anything else -> null. */
export function readWholeNumber(value: unknown): number | null {
  const number = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : Number.NaN;
  return Number.isFinite(number) ? Math.trunc(number) : null;
}
