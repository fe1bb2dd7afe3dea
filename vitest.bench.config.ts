import { defineConfig } from "vitest/config";
import { workersConfig } from "./vitest.config";

// `npm run bench` (through scripts/bench.ts): the workerd half of the benchmarks.
export default defineConfig(() => workersConfig(["test/bench/**/*.bench.ts"], { testTimeout: 300_000, silent: false }));
