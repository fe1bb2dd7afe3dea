import { defineConfig } from "vitest/config";

// The Node-side suite: the admin CLI, the `npm start` launcher and the Chromium tests,
// driving real wrangler processes against throwaway local state.
export default defineConfig({
  test: {
    include: ["test/node/**/*.test.ts", "test/e2e/**/*.test.ts"],
    environment: "node",
    silent: "passed-only",
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
