import { createServer } from "node:http";
import { ExtendClient } from "../dist/index.js";
const body = JSON.stringify({ success: true, processorRun: { id: "dpr_bench", status: "PROCESSED", output: { value: { a: 1 } }, files: [], edits: {}, config: { type: "EXTRACT" } } });
const server = createServer((_q, r) => { r.writeHead(200, { "content-type": "application/json" }); r.end(body); });
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}`;
const url = `${base}/processor_runs/dpr_bench`;
const headers = { authorization: "Bearer tok", "x-extend-api-version": "2025-04-21", accept: "application/json" };
const ours = new ExtendClient({ apiKey: "tok", baseUrl: base });
const variants = {
  raw: async () => (await (await fetch(url, { headers })).json()),
  rawSignalTimer: async () => { const c = new AbortController(); const t = setTimeout(() => c.abort(), 60000); try { return (await (await fetch(url, { headers, signal: c.signal })).json()); } finally { clearTimeout(t); } },
  ours: () => ours.processorRuns.get("dpr_bench"),
};
const names = Object.keys(variants);
const samples = Object.fromEntries(names.map((n) => [n, []]));
for (const n of names) for (let i = 0; i < 500; i++) await variants[n]();
for (let round = 0; round < 20; round++) for (const n of names) for (let i = 0; i < 200; i++) { const t = performance.now(); await variants[n](); samples[n].push(performance.now() - t); }
const med = (a) => { const s = [...a].sort((x, y) => x - y); return s[s.length >> 1]; };
for (const n of names) console.log(n, (med(samples[n]) * 1000).toFixed(1), (med(samples[n]) / med(samples.raw)).toFixed(3));
server.close();
