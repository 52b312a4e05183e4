// Starts one emulator on 127.0.0.1 for the whole vitest run and hands its URL (and a fresh ES256 key
// pair for the JWT tests) to the workerd pool config and the tests through provide/inject. A second
// emulator runs on a virtual clock, so the waiting tests hold runs PROCESSING until they move its time.
import { startEmulator } from "@extendkit/emulator";
import type { TestProject } from "vitest/node";
import { API_KEY, generateEs256 } from "./fixtures.ts";

declare module "vitest" {
  export interface ProvidedContext {
    emulatorUrl: string;
    virtualEmulatorUrl: string;
    es256PublicJwk: JsonWebKey;
    es256PrivateJwk: JsonWebKey;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const emulator = await startEmulator({
    host: "127.0.0.1",
    port: 0,
    apiKeys: [API_KEY],
    latency: "instant",
    limits: "off",
  });
  const virtual = await startEmulator({
    host: "127.0.0.1",
    port: 0,
    apiKeys: [API_KEY],
    latency: { minMs: 1000, maxMs: 1000 },
    clock: "virtual",
    limits: "off",
  });
  const keys = await generateEs256();
  project.provide("emulatorUrl", emulator.url);
  project.provide("virtualEmulatorUrl", virtual.url);
  project.provide("es256PublicJwk", keys.publicJwk);
  project.provide("es256PrivateJwk", keys.privateJwk);
  return async () => {
    await emulator.stop();
    await virtual.stop();
  };
}
