// Bun leg: `bun test ./runtime-tests/bun/bun.test.ts`.
import { test } from "bun:test";
import { type Core, DIST_ENTRY, scenario } from "../scenario.ts";

const baseUrl = process.env["EXTENDKIT_EMULATOR_URL"];
if (!baseUrl) throw new Error("EXTENDKIT_EMULATOR_URL is not set (run via runtime-tests/run.mjs)");
const core = (await import(DIST_ENTRY)) as Core;

for (const c of scenario(
  core,
  { baseUrl, apiKey: process.env["EXTENDKIT_EMULATOR_KEY"] ?? "sk_test_emulator" },
  "bun",
)) {
  test(c.name, () => c.run(), 30_000);
}
