// `npm run simulator -- --port P --rooms N --seed S [--today YYYY-MM-DD]`: the Newbook
// simulator on its own, on 127.0.0.1, for pointing a client or curl at it without the
// Worker. Plain node:http with a small adapter, so it needs nothing beyond the app itself.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { parseArgs } from "node:util";
import { createNewbookSimulator, SIMULATOR_CREDENTIALS } from "../src/newbook/simulator";
import { dayOf } from "../src/newbook/simulator/calendar";
import { MAX_ROOMS } from "../src/newbook/simulator/options";

const USAGE = "usage: npm run simulator -- --port P --rooms N --seed S [--today YYYY-MM-DD]";

class UsageError extends Error {}

interface Settings {
  port: number;
  rooms: number;
  seed: number;
  today: string;
}

function wholeNumber(name: string, value: string | undefined, min: number, max: number): number {
  if (value === undefined) throw new UsageError(`--${name} is required`);
  const number = Number(value);
  if (!/^-?\d+$/.test(value) || number < min || number > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${value}"`);
  return number;
}

/** The machine's local date: the demo hotel's "today" is the operator's today. */
function localToday(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
}

function dateArgument(value: string | undefined): string {
  if (value === undefined) return localToday();
  if (dayOf(value) === null) throw new UsageError(`--today must be a YYYY-MM-DD date, not "${value}"`);
  return value;
}

function readSettings(argv: string[]): Settings {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: { port: { type: "string" }, rooms: { type: "string" }, seed: { type: "string" }, today: { type: "string" } },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message.split("\n")[0]!);
  }
  return {
    port: wholeNumber("port", values.port, 1, 65_535),
    rooms: wholeNumber("rooms", values.rooms, 1, MAX_ROOMS),
    seed: wholeNumber("seed", values.seed, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
    today: dateArgument(values.today),
  };
}

async function toRequest(incoming: IncomingMessage, origin: string, signal: AbortSignal): Promise<Request> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
  }
  const method = incoming.method ?? "GET";
  let body: Uint8Array<ArrayBuffer> | undefined;
  if (method !== "GET" && method !== "HEAD") {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    body = new Uint8Array(Buffer.concat(chunks));
  }
  return new Request(new URL(incoming.url ?? "/", origin), { method, headers, body, signal });
}

async function sendResponse(response: Response, outgoing: ServerResponse): Promise<void> {
  outgoing.statusCode = response.status;
  response.headers.forEach((value, name) => outgoing.setHeader(name, value));
  outgoing.end(Buffer.from(await response.arrayBuffer()));
}

function main(): void {
  let settings: Settings;
  try {
    settings = readSettings(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`error: ${error.message} (${USAGE})`);
    process.exit(2);
  }
  const simulator = createNewbookSimulator({ seed: settings.seed, rooms: settings.rooms, today: settings.today });

  const origin = `http://127.0.0.1:${settings.port}`;
  const server = createServer(async (incoming, outgoing) => {
    // A client that hangs up aborts the request, which is what ends a "hang" fault.
    const abort = new AbortController();
    outgoing.on("close", () => {
      if (!outgoing.writableFinished) abort.abort();
    });
    try {
      await sendResponse(await simulator.app.fetch(await toRequest(incoming, origin, abort.signal)), outgoing);
    } catch (error) {
      if (outgoing.headersSent) return outgoing.destroy();
      outgoing.statusCode = 500;
      outgoing.end(`simulator error: ${(error as Error).message}`);
    }
  });

  server.on("error", (error: NodeJS.ErrnoException) => {
    console.error(`error: cannot listen on ${origin}: ${error.code === "EADDRINUSE" ? "the port is in use" : error.message}`);
    process.exit(1);
  });

  server.listen(settings.port, "127.0.0.1", () => {
    const { username, password, apiKey, region } = SIMULATOR_CREDENTIALS;
    console.log(
      [
        `Newbook simulator: ${settings.rooms} rooms, seed ${settings.seed}, today ${settings.today}`,
        `  base URL  ${origin}/rest`,
        `  username  ${username}`,
        `  password  ${password}`,
        `  api_key   ${apiKey}`,
        `  region    ${region}`,
        `  control   ${origin}/__control/state`,
        "Ctrl-C stops it.",
      ].join("\n"),
    );
  });

  const stop = () => {
    server.close(() => process.exit(0));
    // Open keep-alive and hung connections would hold close() up.
    server.closeAllConnections();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main();
