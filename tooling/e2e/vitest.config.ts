import { defineConfig } from "vitest/config";

// End-to-end tests (demo, real browser): one file at a time, since each starts its own emulator and
// wrangler dev and the machines have 2 cores.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
