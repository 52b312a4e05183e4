// Node leg: run by Node 24's own test runner (`node --test`, types stripped) and by vitest on Node 20.
import { test } from "node:test";
import { type Core, DIST_ENTRY, scenario } from "../scenario.ts";

const baseUrl = process.env["EXTENDKIT_EMULATOR_URL"];
if (!baseUrl) throw new Error("EXTENDKIT_EMULATOR_URL is not set (run via runtime-tests/run.mjs)");
const core = (await import(DIST_ENTRY)) as Core;
const leg = `node${process.versions.node.split(".")[0]}`;

for (const c of scenario(
  core,
  { baseUrl, apiKey: process.env["EXTENDKIT_EMULATOR_KEY"] ?? "sk_test_emulator" },
  leg,
)) {
  test(c.name, () => c.run());
}
