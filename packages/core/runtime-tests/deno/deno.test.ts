// Deno leg: `deno test --allow-net=127.0.0.1 --allow-read --allow-env runtime-tests/deno/deno.test.ts`.
import { type Core, DIST_ENTRY, scenario } from "../scenario.ts";

declare const Deno: {
  test(options: {
    name: string;
    fn: () => Promise<void>;
    sanitizeOps: boolean;
    sanitizeResources: boolean;
  }): void;
  env: { get(name: string): string | undefined };
};

const baseUrl = Deno.env.get("EXTENDKIT_EMULATOR_URL");
if (!baseUrl) throw new Error("EXTENDKIT_EMULATOR_URL is not set (run via runtime-tests/run.mjs)");
const core = (await import(DIST_ENTRY)) as Core;

for (const c of scenario(
  core,
  { baseUrl, apiKey: Deno.env.get("EXTENDKIT_EMULATOR_KEY") ?? "sk_test_emulator" },
  "deno",
)) {
  // The abort cases leave the emulator's delayed responses to finish after the test; that is the point.
  Deno.test({ name: c.name, fn: () => c.run(), sanitizeOps: false, sanitizeResources: false });
}
