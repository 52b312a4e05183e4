import { describe, expect, it } from "vitest";
import { freePort, isPortClosed } from "../src/free-port.js";
import { serverWhenReady } from "../src/http-ready.js";
import { startProcess } from "../src/managed-process.js";
import { descendants, isAlive } from "../src/process-tree.js";

const node = process.execPath;

describe("startProcess", () => {
  it("captures output, waits for a pattern and reports the exit code", async () => {
    const proc = startProcess({
      name: "echo",
      command: node,
      args: ["-e", "console.log('ready 42'); console.error('to stderr'); process.exitCode = 3"],
    });
    const match = await proc.waitFor(/ready (\d+)/, 10_000);
    expect(match[1]).toBe("42");
    expect(await proc.exited).toBe(3);
    expect(proc.running()).toBe(false);
    expect(proc.output()).toContain("to stderr");
    await expect(proc.waitFor(/never printed/, 1_000)).rejects.toThrow(/exited \(code 3\) before ready/);
  });

  it("stops the whole process group, grandchildren included, by pid", async () => {
    // A parent that starts a grandchild which ignores SIGINT: only SIGKILL after the grace period ends it.
    const grandchild = "process.on('SIGINT', () => {}); setInterval(() => {}, 1000); console.log('gc up')";
    const proc = startProcess({
      name: "tree",
      command: node,
      args: [
        "-e",
        `require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(grandchild)}], { stdio: 'inherit' }); setInterval(() => {}, 1000)`,
      ],
    });
    await proc.waitFor(/gc up/, 10_000);
    const family = descendants(proc.pid);
    expect(family.length).toBeGreaterThanOrEqual(1);
    const stopHook: string[] = [];
    proc.onStop(() => stopHook.push("ran"));
    await proc.stop(300);
    expect(proc.running()).toBe(false);
    for (const pid of [proc.pid, ...family]) expect(isAlive(pid), `pid ${pid}`).toBe(false);
    expect(stopHook).toEqual(["ran"]);
  });

  it("serverWhenReady resolves once the server answers and its stop closes the port", async () => {
    const port = await freePort();
    const proc = startProcess({
      name: "http",
      command: node,
      args: ["-e", `require('node:http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1')`],
    });
    const server = await serverWhenReady(proc, { port, timeoutMs: 10_000, graceMs: 2_000 });
    expect(server.url).toBe(`http://127.0.0.1:${port}`);
    expect(await (await fetch(server.url)).text()).toBe("ok");
    await server.stop();
    expect(server.exited()).toBe(true);
    expect(await isPortClosed(port)).toBe(true);
  });

  it("serverWhenReady fails with the output when the process exits first", async () => {
    const port = await freePort();
    const proc = startProcess({
      name: "crash",
      command: node,
      args: ["-e", "console.error('boom'); process.exit(2)"],
    });
    await expect(serverWhenReady(proc, { port, timeoutMs: 10_000 })).rejects.toThrow(
      /crash exited[\s\S]*boom/,
    );
  });
});
