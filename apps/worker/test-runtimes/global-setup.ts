// For one runtime (PROXY_RUNTIME=deno|bun): starts the emulator on 127.0.0.1, then that runtime's
// server with the proxy settings as environment variables, and provides both URLs to the suite.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "@extendkit/emulator";
import { type RunningServer, startBunServer, startDenoServer } from "@extendkit/testing";
import type { TestProject } from "vitest/node";
import { API_KEY, generateEs256, proxySettings } from "../test/fixtures.ts";

declare module "vitest" {
  export interface ProvidedContext {
    runtime: string;
    proxyUrl: string;
    emulatorUrl: string;
    es256PrivateJwk: JsonWebKey;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runtime = process.env["PROXY_RUNTIME"];
  if (runtime !== "deno" && runtime !== "bun") throw new Error("set PROXY_RUNTIME to deno or bun");
  const emulator = await startEmulator({
    host: "127.0.0.1",
    port: 0,
    apiKeys: [API_KEY],
    latency: "instant",
    limits: "off",
  });
  const keys = await generateEs256();
  let server: RunningServer;
  let stateDir: string | null = null;
  try {
    // A fresh state file per run (Deno KV or bun:sqlite), removed afterwards.
    stateDir = await mkdtemp(join(tmpdir(), `extendkit-${runtime}-state-`));
    const env = {
      ...(await proxySettings(emulator.url, keys.publicJwk)),
      STATE_PATH: join(stateDir, "state.sqlite"),
    };
    server = runtime === "deno" ? await startDenoServer(env) : await startBunServer(env);
  } catch (error) {
    await emulator.stop();
    if (stateDir !== null) await rm(stateDir, { recursive: true, force: true });
    throw error;
  }
  project.provide("runtime", runtime);
  project.provide("proxyUrl", server.url);
  project.provide("emulatorUrl", emulator.url);
  project.provide("es256PrivateJwk", keys.privateJwk);
  return async () => {
    await server.stop();
    await emulator.stop();
    if (stateDir !== null) await rm(stateDir, { recursive: true, force: true });
  };
}
