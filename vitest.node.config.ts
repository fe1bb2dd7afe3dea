import { defineConfig } from "vitest/config";

// The Node-side suite: the admin CLI and the `npm start` launcher, driving real wrangler
// processes against throwaway local state.
export default defineConfig({
  test: {
    include: ["test/node/**/*.test.ts"],
    environment: "node",
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
