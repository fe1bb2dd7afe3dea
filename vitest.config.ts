import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig, type ViteUserConfig } from "vitest/config";

/**
 * Tests run in workerd with the real local D1, Queue and Durable Object bindings from
 * wrangler.toml. Storage is isolated per test file.
 */
export async function workersConfig(include: string[], options: { testTimeout?: number; silent?: boolean | "passed-only" } = {}): Promise<ViteUserConfig> {
  return {
    plugins: [
      cloudflareTest({
        main: "./src/index.ts",
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: await readD1Migrations("./migrations"),
            // A fixed key for tests only; real keys live in .dev.vars or Cloudflare secrets.
            CREDENTIALS_KEY: "dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktMzJieXQ=",
            // No test reaches the network: Newbook and resOS are the simulators inside the Worker.
            NEWBOOK_BASE_URL: "simulator",
            RESOS_BASE_URL: "simulator",
            SIMULATORS: "on",
          },
        },
      }),
    ],
    // The tests run the local build: the simulators in (wrangler.toml's [define] leaves them
    // out of a deploy). Vitest takes a define like this one off the transform and sets it as
    // a global in the test runner, after the pool has set wrangler.toml's false there, so
    // this value is the one the Worker's code reads.
    define: { SIMULATORS_BUNDLED: "true" },
    // The Worker's JSON log lines are shown for a failing test only: a green run stays readable.
    test: { include, setupFiles: ["./test/setup/apply-migrations.ts"], testTimeout: options.testTimeout, silent: options.silent ?? "passed-only" },
  };
}

// The workerd suite: unit tests of pure code and integration tests of the Worker.
export default defineConfig(() => workersConfig(["test/unit/**/*.test.ts", "test/integration/**/*.test.ts"]));
