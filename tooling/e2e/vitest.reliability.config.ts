import { defineConfig } from "vitest/config";

// Reliability under faults, hostile input and load (`pnpm test:reliability`). Files run one after another
// so the load figures are not disturbed by the other suites; each test sets its own explicit timeout.
export default defineConfig({
  test: {
    include: ["reliability/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 120_000,
  },
});
