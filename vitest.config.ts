import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

// The workerd suite: unit tests of pure code and integration tests of the Worker, with
// real local D1, Queue and Durable Object bindings from wrangler.toml. Storage is
// isolated per test file.
export default defineConfig(async () => ({
  plugins: [
    cloudflareTest({
      main: "./src/index.ts",
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        bindings: {
          TEST_MIGRATIONS: await readD1Migrations("./migrations"),
          // A fixed key for tests only; real keys live in .dev.vars or Cloudflare secrets.
          CREDENTIALS_KEY: "dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktMzJieXQ=",
        },
      },
    }),
  ],
  test: {
    include: ["test/unit/**/*.test.ts", "test/integration/**/*.test.ts"],
    setupFiles: ["./test/setup/apply-migrations.ts"],
  },
}));
