import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // End-to-end tests start the emulator CLI and the bundle as child processes.
    testTimeout: 60_000,
    hookTimeout: 30_000,
    pool: "forks",
  },
});
