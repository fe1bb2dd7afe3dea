// One JSON object per line: what Workers Logs and `wrangler tail` index and filter on.
export type LogLevel = "info" | "warn" | "error" | "critical";

export function logEvent(level: LogLevel, event: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ level, event, ...fields });
  if (level === "error" || level === "critical") console.error(line);
  else console.log(line);
}
