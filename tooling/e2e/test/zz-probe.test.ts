import { it } from "vitest";
import { proxyClients } from "../src/client-tokens.js";
import { startEmulatorProcess } from "../src/emulator-process.js";
import { multipartUpload } from "../src/hostile/index.js";
import { startProxyProcess } from "../src/proxy-process.js";
import { rawRequest } from "../src/raw-http.js";
it("probe", async () => {
  const emulator = await startEmulatorProcess({ apiKey: "sk_test_probe_123", latency: "instant" });
  const proxy = await startProxyProcess({ upstreamUrl: emulator.url, upstreamKey: emulator.apiKey, clients: proxyClients([{ token: "tok_a", client: { tenant: "a", tags: [], scopes: ["runs:read", "files:write", "runs:create"], processors: ["*"] } }]), vars: { MAX_BODY_BYTES: "65536" } });
  const pidsBefore = proxy.workerdPids();
  const chunk = "x".repeat(16 * 1024);
  const variant = process.env["PROBE"] ?? "end";
  const body = `${`${chunk.length.toString(16)}\r\n${chunk}\r\n`.repeat(6)}0\r\n\r\n`;
  const r1 = await rawRequest(proxy.port, { method: "POST", target: "/files/upload", headers: [["Authorization", "Bearer tok_a"], multipartUpload("c.txt", "").type, ["Transfer-Encoding", "chunked"]], body, contentLength: false }).catch((e) => e);
  console.log("chunked upload:", r1 instanceof Error ? r1.message : `${r1.status} ${r1.body.slice(0, 200)}`);
  for (let i = 0; i < 3; i++) {
    const r2 = await rawRequest(proxy.port, { method: "POST", target: "/processor_runs", headers: [["Authorization", "Bearer tok_a"], ["Content-Type", "application/json"]], body: '{"processorId":' }).catch((e) => e);
    console.log("next:", r2 instanceof Error ? r2.message : `${r2.status} ${r2.body.slice(0, 200)}`);
  }
  console.log("workerd pids before", pidsBefore, "after", proxy.workerdPids());
  console.log("---- proxy output ----\n" + proxy.process.output().slice(-2500));
  await proxy.stop(); await emulator.stop();
}, 100_000);
