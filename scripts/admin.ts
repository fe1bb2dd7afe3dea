// Admin CLI: `npm run admin -- <command> [options]`. Talks to D1 through
// `wrangler d1 execute`: the local database by default, production with --remote.
import { parseArgs } from "node:util";
import type * as z from "zod";
import { CredentialsKeyError } from "../src/crypto/credentials";
import { AdminError, commands, type Command, type CommandName } from "./admin/commands";
import { D1Error, WranglerD1 } from "./lib/d1";
import { readDevVar } from "./lib/dev-vars";

const USAGE = [
  "usage: npm run admin -- <command> [options] [--remote] [--persist-to DIR]",
  ...Object.values(commands).map((command) => `  ${command.usage}`),
  "Local D1 by default; --remote acts on the production database (needs CREDENTIALS_KEY in the environment to store secrets).",
].join("\n");

class UsageError extends Error {}

function describeIssue(issue: z.core.$ZodIssue, input: Record<string, unknown>): string {
  const key = String(issue.path[0] ?? "");
  if (issue.code === "unrecognized_keys") return `unknown option ${issue.keys.map((k) => `--${k}`).join(", ")}`;
  if (issue.code === "invalid_type" && input[key] === undefined) return `--${key} is required`;
  return issue.message.startsWith("--") ? issue.message : `--${key}: ${issue.message}`;
}

function credentialsKeyFor(remote: boolean): () => string {
  return () => {
    const fromEnv = process.env.CREDENTIALS_KEY;
    if (fromEnv) return fromEnv;
    if (remote) {
      throw new AdminError("--remote stores secrets with the production key: set CREDENTIALS_KEY in the environment to the value given to `wrangler secret put`");
    }
    const fromFile = readDevVar("CREDENTIALS_KEY");
    if (!fromFile) throw new AdminError("CREDENTIALS_KEY is not set: export it, or run `npm start` once to create .dev.vars");
    return fromFile;
  };
}

export async function main(argv: string[]): Promise<number> {
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        allowPositionals: true,
        strict: true,
        tokens: true,
        options: {
          slug: { type: "string" },
          name: { type: "string" },
          tz: { type: "string" },
          email: { type: "string" },
          password: { type: "string" },
          kitchen: { type: "string" },
          role: { type: "string" },
          label: { type: "string" },
          id: { type: "string" },
          username: { type: "string" },
          "api-key": { type: "string" },
          region: { type: "string" },
          remote: { type: "boolean", default: false },
          "persist-to": { type: "string" },
          help: { type: "boolean", default: false },
        },
      });
    } catch (error) {
      throw new UsageError((error as Error).message.split(". To specify")[0]!.split("\n")[0]!);
    }
    const { positionals, values, tokens } = parsed;
    // parseArgs keeps the last of a repeated option: "--kitchen a --kitchen b" must not act on b unasked.
    const given = tokens.flatMap((token) => (token.kind === "option" ? [token.name] : []));
    const repeated = given.find((option, index) => given.indexOf(option) !== index);
    if (repeated) throw new UsageError(`--${repeated} is given more than once: give it once`);
    if (values.help || positionals.length === 0) {
      console.log(USAGE);
      return values.help ? 0 : 2;
    }
    const name = positionals.join(" ");
    if (!(name in commands)) throw new UsageError(`unknown command "${name}"`);
    const command = commands[name as CommandName] as Command;

    const { remote, "persist-to": persistTo, help: _help, ...rest } = values;
    if (remote && persistTo) throw new UsageError("--persist-to is for the local database; it cannot go with --remote");
    const input = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
    const options = command.options.safeParse(input);
    if (!options.success) throw new UsageError(`${name}: ${describeIssue(options.error.issues[0]!, input)} (usage: ${command.usage})`);

    const lines = await command.run({ d1: new WranglerD1({ remote, persistTo }), credentialsKey: credentialsKeyFor(remote) }, options.data);
    for (const line of lines) console.log(line);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`error: ${error.message}`);
      return 2;
    }
    if (error instanceof AdminError || error instanceof D1Error || error instanceof CredentialsKeyError) {
      console.error(`error: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
