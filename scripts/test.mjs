// `npm test`: typecheck, the workerd suite, the Node-side suite, and an offline bundle of
// the Worker. Ends with one line `N passed, N failed, N skipped` over both suites.
import { spawnSync } from "node:child_process";
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

function step(name, command, args) {
  console.log(`\n== ${name}`);
  const result = spawnSync(command, args, { stdio: "inherit", env });
  if (result.status !== 0) failedSteps.push(name);
}

function suite(name, config) {
  const report = join(reports, `${name}.json`);
  step(name, "node_modules/.bin/vitest", ["run", "--config", config, "--reporter=default", "--reporter=json", `--outputFile.json=${report}`]);
  try {
    const json = JSON.parse(readFileSync(report, "utf8"));
    totals.passed += json.numPassedTests;
    totals.failed += json.numFailedTests;
    totals.skipped += json.numPendingTests + json.numTodoTests;
  } catch {
    // The suite did not get as far as writing its report: its step has already failed.
  }
}

step("browser for the Chromium tests", "scripts/ensure-chromium.sh", []);
step("typecheck (worker)", "node_modules/.bin/tsc", ["--noEmit", "-p", "tsconfig.json"]);
step("typecheck (node)", "node_modules/.bin/tsc", ["--noEmit", "-p", "tsconfig.node.json"]);
suite("workerd suite", "vitest.config.ts");
suite("node suite", "vitest.node.config.ts");
step("bundle (wrangler deploy --dry-run)", "node_modules/.bin/wrangler", ["deploy", "--dry-run", "--outdir", join(reports, "dist")]);
rmSync(reports, { recursive: true, force: true });

if (failedSteps.length > 0) console.log(`\nFailed steps: ${failedSteps.join(", ")}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSteps.length > 0 || totals.failed > 0 ? 1 : 0);
