// `npm test`: typecheck, the workerd suite, the Node-side suite, and an offline bundle of
// the Worker. Ends with one line `N passed, N failed, N skipped` over both suites.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const quietWrangler = {
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_SEND_ERROR_REPORTS: "false",
  WRANGLER_HIDE_BANNER: "true",
};
const env = { ...process.env, ...quietWrangler };
const reports = mkdtempSync(join(tmpdir(), "kr-test-"));
const totals = { passed: 0, failed: 0, skipped: 0 };
const failedSteps = [];

// The pool prints this as it tears down each test file's runner; it is benign (fixed upstream
// in vitest-pool-workers 0.16, which needs Node 22) and would drown the real output.
const BENIGN = /^exception = workerd\/api\/web-socket\.c\+\+:\d+: disconnected: WebSocket peer disconnected$/;

function relay(stream, out) {
  let rest = "";
  stream.on("data", (chunk) => {
    const lines = (rest + chunk.toString()).split("\n");
    rest = lines.pop();
    for (const line of lines) if (!BENIGN.test(line)) out.write(`${line}\n`);
  });
  stream.on("end", () => rest && !BENIGN.test(rest) && out.write(rest));
}

function step(name, command, args) {
  console.log(`\n== ${name}`);
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ["inherit", "pipe", "pipe"], env });
    relay(child.stdout, process.stdout);
    relay(child.stderr, process.stderr);
    child.on("close", (code) => {
      if (code !== 0) failedSteps.push(name);
      resolve();
    });
  });
}

async function suite(name, config) {
  const report = join(reports, `${name}.json`);
  await step(name, "node_modules/.bin/vitest", ["run", "--config", config, "--reporter=default", "--reporter=json", `--outputFile.json=${report}`]);
  try {
    const json = JSON.parse(readFileSync(report, "utf8"));
    totals.passed += json.numPassedTests;
    totals.failed += json.numFailedTests;
    totals.skipped += json.numPendingTests + json.numTodoTests;
  } catch {
    // The suite did not get as far as writing its report: its step has already failed.
  }
}

await step("browser for the Chromium tests", "scripts/ensure-chromium.sh", []);
await step("typecheck (worker)", "node_modules/.bin/tsc", ["--noEmit", "-p", "tsconfig.json"]);
await step("typecheck (node)", "node_modules/.bin/tsc", ["--noEmit", "-p", "tsconfig.node.json"]);
await suite("workerd suite", "vitest.config.ts");
await suite("node suite", "vitest.node.config.ts");
await step("bundle (wrangler deploy --dry-run)", "node_modules/.bin/wrangler", ["deploy", "--dry-run", "--outdir", join(reports, "dist")]);
rmSync(reports, { recursive: true, force: true });

if (failedSteps.length > 0) console.log(`\nFailed steps: ${failedSteps.join(", ")}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSteps.length > 0 || totals.failed > 0 ? 1 : 0);
