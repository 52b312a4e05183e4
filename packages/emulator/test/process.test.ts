import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { EmulatorAdmin } from "../src/admin/index.js";
import { type SpawnedEmulator, spawnEmulator } from "../src/process.js";

const running: SpawnedEmulator[] = [];
afterEach(async () => {
  for (const emulator of running.splice(0)) await emulator.stop("SIGKILL");
});

/** A stand-in for `node` that prints the listening line and ignores SIGTERM (to exercise the SIGKILL path). */
function stubbornNode(): string {
  const path = join(mkdtempSync(join(tmpdir(), "emulator-process-")), "node");
  writeFileSync(
    path,
    "#!/bin/sh\ntrap '' TERM\necho 'extendkit-emulator listening on http://127.0.0.1:9'\nexec sleep 30\n",
  );
  chmodSync(path, 0o755);
  return path;
}

describe("spawnEmulator", () => {
  it("starts the CLI on a free 127.0.0.1 port with the given flags and stops it cleanly", async () => {
    const emulator = await spawnEmulator({
      args: ["--api-key", "sk_process_test", "--latency", "instant", "--limits", "off"],
    });
    running.push(emulator);
    expect(emulator.url).toBe(`http://127.0.0.1:${emulator.port}`);
    expect(emulator.port).toBeGreaterThan(0);
    expect(emulator.output()).toContain("dp_invoice_extractor");
    const files = (key: string) =>
      fetch(`${emulator.url}/files`, {
        headers: { authorization: `Bearer ${key}`, "x-extend-api-version": "2025-04-21" },
      });
    expect((await files("sk_process_test")).status).toBe(200);
    expect((await files("sk_test_emulator")).status).toBe(401);
    expect(await emulator.stop()).toBe(0);
    expect(await emulator.exited).toBe(0);
    // A second stop is a no-op that reports the same exit.
    expect(await emulator.stop()).toBe(0);
    await expect(new EmulatorAdmin(emulator.url).health()).rejects.toThrow();
  });

  it("passes env and cwd through to the child", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "emulator-cwd-"));
    const node = join(cwd, "node");
    writeFileSync(
      node,
      '#!/bin/sh\necho "extendkit-emulator listening on http://127.0.0.1:9 $MARKER $(pwd)"\nexec sleep 30\n',
    );
    chmodSync(node, 0o755);
    const emulator = await spawnEmulator({ node, cwd, env: { PATH: process.env["PATH"], MARKER: "m4rk" } });
    running.push(emulator);
    expect(emulator.port).toBe(9);
    expect(emulator.output()).toContain(`m4rk ${cwd}`);
  });

  it("resolves relative CLI paths against cwd", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "emulator-cwd-"));
    const classifications = [{ id: "x", type: "x", description: "X" }];
    writeFileSync(
      join(cwd, "processors.json"),
      JSON.stringify([{ id: "dp_cwd", name: "cwd", type: "CLASSIFY", config: { classifications } }]),
    );
    const emulator = await spawnEmulator({
      args: ["--processors", "processors.json", "--limits", "off"],
      cwd,
    });
    running.push(emulator);
    expect(emulator.output()).toContain("dp_cwd");
  });

  it("rejects with the CLI's stderr when it exits before listening", async () => {
    await expect(spawnEmulator({ args: ["--latency", "bogus"] })).rejects.toThrow(
      /exited \(code [1-9]\d*\) before it was ready:[\s\S]*latency/,
    );
  });

  it("rejects and kills the child when it is not ready in time", async () => {
    const node = join(mkdtempSync(join(tmpdir(), "emulator-silent-")), "node");
    writeFileSync(node, "#!/bin/sh\nexec sleep 30\n");
    chmodSync(node, 0o755);
    await expect(spawnEmulator({ node, timeoutMs: 200 })).rejects.toThrow(/not ready after 200 ms/);
  });

  it("falls back to SIGKILL when the process ignores SIGTERM", async () => {
    const emulator = await spawnEmulator({ node: stubbornNode(), graceMs: 200 });
    running.push(emulator);
    expect(await emulator.stop()).toBeNull();
    expect(emulator.child.signalCode).toBe("SIGKILL");
  });
});
