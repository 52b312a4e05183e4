import type { TestProject } from "vitest/node";

/**
 * Provides the emulator to the workerd tests: the one run.mjs started (EXTENDKIT_EMULATOR_URL), or a
 * fresh one on 127.0.0.1 when this leg runs on its own.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let url = process.env["EXTENDKIT_EMULATOR_URL"];
  let stop: (() => Promise<void>) | undefined;
  if (!url) {
    const { startEmulator } = await import("@extendkit/emulator");
    const started = await startEmulator({ host: "127.0.0.1", port: 0, latency: "instant", limits: "off" });
    url = started.url;
    stop = started.stop;
  }
  project.provide("emulatorUrl", url);
  project.provide("emulatorKey", process.env["EXTENDKIT_EMULATOR_KEY"] ?? "sk_test_emulator");
  return async () => {
    await stop?.();
  };
}
