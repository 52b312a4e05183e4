import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
import { proxySettings } from "./test/fixtures.ts";

export default defineConfig({
  test: {
    // The proxy logs one JSON line per request; show them only for failing tests.
    silent: "passed-only",
    projects: [
      {
        // The Cloudflare entry inside workerd, with the emulator (started by globalSetup) as upstream.
        plugins: [
          cloudflareTest(async ({ inject }) => ({
            main: "./src/entry/cloudflare.ts",
            wrangler: { configPath: "./wrangler.jsonc" },
            miniflare: {
              bindings: {
                ...(await proxySettings(inject("emulatorUrl"), inject("es256PublicJwk"))),
                TEST_EMULATOR_URL: inject("emulatorUrl"),
                TEST_VIRTUAL_EMULATOR_URL: inject("virtualEmulatorUrl"),
                TEST_ES256_PRIVATE_JWK: JSON.stringify(inject("es256PrivateJwk")),
              },
              // Bound under test-only names so the default entry keeps using the Cache API; the KV and
              // binding-rate-limiter tests pass them to the entry as RUN_CACHE / RATE_LIMITER.
              kvNamespaces: ["TEST_RUN_CACHE"],
              ratelimits: { TEST_RATE_LIMITER: { simple: { limit: 2, period: 60 } } },
            },
          })),
        ],
        test: {
          name: "workerd",
          include: ["test/workerd/**/*.test.ts"],
          globalSetup: ["./test/global-setup.ts"],
        },
      },
      {
        test: {
          name: "node",
          environment: "node",
          include: ["test/node/**/*.test.ts"],
          globalSetup: ["./test/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
