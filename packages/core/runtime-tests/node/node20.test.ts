// Node 20 leg: the same scenario registered with vitest (Node 20 cannot run TypeScript by itself).
import { test } from "vitest";
import { type Core, DIST_ENTRY, scenario } from "../scenario.ts";

const baseUrl = process.env["EXTENDKIT_EMULATOR_URL"];
if (!baseUrl) throw new Error("EXTENDKIT_EMULATOR_URL is not set (run via runtime-tests/run.mjs)");
const core = (await import(/* @vite-ignore */ DIST_ENTRY)) as Core;
const leg = `node${process.versions.node.split(".")[0]}`;

for (const c of scenario(
  core,
  { baseUrl, apiKey: process.env["EXTENDKIT_EMULATOR_KEY"] ?? "sk_test_emulator" },
  leg,
)) {
  test(c.name, () => c.run(), 30_000);
}
