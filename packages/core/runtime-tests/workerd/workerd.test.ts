// workerd leg: runs inside the Workers runtime through @cloudflare/vitest-pool-workers.
import { inject, test } from "vitest";
import { type Core, DIST_ENTRY, scenario } from "../scenario.ts";

declare module "vitest" {
  interface ProvidedContext {
    emulatorUrl: string;
    emulatorKey: string;
  }
}

const core = (await import(/* @vite-ignore */ DIST_ENTRY)) as Core;

for (const c of scenario(
  core,
  { baseUrl: inject("emulatorUrl"), apiKey: inject("emulatorKey") },
  "workerd",
)) {
  test(c.name, () => c.run(), 30_000);
}
