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
    // The Worker's JSON log lines are shown for a failing test only: a green run stays readable.
    test: { include, setupFiles: ["./test/setup/apply-migrations.ts"], testTimeout: options.testTimeout, silent: options.silent ?? "passed-only" },
  };
}

// The workerd suite: unit tests of pure code and integration tests of the Worker.
export default defineConfig(() => workersConfig(["test/unit/**/*.test.ts", "test/integration/**/*.test.ts"]));
