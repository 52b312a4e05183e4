import { fileURLToPath } from "node:url";
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: fileURLToPath(new URL("../..", import.meta.url)),
  plugins: [
    cloudflareTest({
      // No nodejs_compat: the client must run on plain workerd.
      miniflare: { compatibilityDate: "2026-04-01", compatibilityFlags: [] },
    }),
  ],
  test: {
    include: ["runtime-tests/workerd/workerd.test.ts"],
    globalSetup: ["runtime-tests/workerd/global-setup.ts"],
    testTimeout: 30_000,
  },
});
