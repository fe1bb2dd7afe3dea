// `npm run simulator -- [newbook|resos] --port P --rooms N --seed S [--today YYYY-MM-DD]`:
// the Newbook simulator (the default, and the form without a word) or the resOS one, on
// its own on 127.0.0.1, for pointing a client or curl at it without the Worker. The same
// seed, rooms and today give the restaurant of that very hotel. Plain node:http with a
// small adapter, so it needs nothing beyond the app itself.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { parseArgs } from "node:util";
import { createNewbookSimulator, SIMULATOR_CREDENTIALS } from "../src/newbook/simulator";
import { dayOf } from "../src/newbook/simulator/calendar";
import { MAX_ROOMS } from "../src/newbook/simulator/options";
import { createResosSimulator, RESOS_SIMULATOR_API_KEY } from "../src/resos/simulator";

const USAGE = "usage: npm run simulator -- [newbook|resos] --port P --rooms N --seed S [--today YYYY-MM-DD]";

const MODES = ["newbook", "resos"] as const;
type Mode = (typeof MODES)[number];

class UsageError extends Error {}

interface Settings {
  mode: Mode;
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

/** The word before the options; none is Newbook, as before there was a choice. */
function modeArgument(positionals: string[]): Mode {
  if (positionals.length > 1) throw new UsageError(`one simulator at a time, not "${positionals.join(" ")}"`);
  const word = positionals[0] ?? "newbook";
  const mode = MODES.find((candidate) => candidate === word);
  if (!mode) throw new UsageError(`the simulator is newbook or resos, not "${word}"`);
  return mode;
}

function readSettings(argv: string[]): Settings {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: { port: { type: "string" }, rooms: { type: "string" }, seed: { type: "string" }, today: { type: "string" } },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message.split("\n")[0]!);
  }
  return {
    mode: modeArgument(positionals),
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
  const options = { seed: settings.seed, rooms: settings.rooms, today: settings.today };
  const simulator = settings.mode === "resos" ? createResosSimulator(options) : createNewbookSimulator(options);

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

  server.listen(settings.port, "127.0.0.1", () => console.log(banner(settings, origin).join("\n")));

  const stop = () => {
    server.close(() => process.exit(0));
    // Open keep-alive and hung connections would hold close() up.
    server.closeAllConnections();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

/** What to point a client at, printed once the port is open. */
function banner(settings: Settings, origin: string): string[] {
  const hotel = `${settings.rooms} rooms, seed ${settings.seed}, today ${settings.today}`;
  if (settings.mode === "resos") {
    return [
      `resOS simulator: the restaurant of the ${hotel}`,
      `  base URL  ${origin}/v1`,
      `  api key   ${RESOS_SIMULATOR_API_KEY}  (the Basic-auth username, empty password)`,
      `  try       curl -u ${RESOS_SIMULATOR_API_KEY}: "${origin}/v1/bookings?fromDateTime=${settings.today}T00:00:00&toDateTime=${settings.today}T23:59:59"`,
      `  control   ${origin}/__control/state`,
      "Ctrl-C stops it.",
    ];
  }
  const { username, password, apiKey, region } = SIMULATOR_CREDENTIALS;
  return [
    `Newbook simulator: ${hotel}`,
    `  base URL  ${origin}/rest`,
    `  username  ${username}`,
    `  password  ${password}`,
    `  api_key   ${apiKey}`,
    `  region    ${region}`,
    `  control   ${origin}/__control/state`,
    "Ctrl-C stops it.",
  ];
}

main();
