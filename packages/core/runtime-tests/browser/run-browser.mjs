// Browser leg: bundles runtime-tests/browser/page.ts with the BUILT package (dist/), serves it from
// 127.0.0.1, runs the shared scenario in headless Chromium (the registry one, @extendkit/testing/chromium)
// against the emulator (cross-origin, so the client's requests also pass CORS), and writes
// .test-results/runtime-browser.xml (JUnit).
import { writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "@extendkit/testing/chromium";
import { build } from "esbuild";

const pkg = fileURLToPath(new URL("../..", import.meta.url));
const out = join(pkg, ".test-results", "runtime-browser.xml");
const emulatorUrl = process.env.EXTENDKIT_EMULATOR_URL;
const apiKey = process.env.EXTENDKIT_EMULATOR_KEY ?? "sk_test_emulator";
if (!emulatorUrl) throw new Error("EXTENDKIT_EMULATOR_URL is not set (run via runtime-tests/run.mjs)");

const bundle = await build({
  stdin: {
    contents: `
      import * as core from "./dist/index.js";
      import { runScenario } from "./runtime-tests/browser/page.ts";
      globalThis.runScenario = (env) => runScenario(core, env);`,
    resolveDir: pkg,
    loader: "ts",
  },
  bundle: true,
  format: "esm",
  platform: "browser",
  write: false,
});
const script = bundle.outputFiles[0].text;
const html = `<!doctype html><meta charset="utf-8"><title>@extendkit/core browser leg</title>
<script type="module" src="/bundle.js"></script>`;

const server = createServer((req, res) => {
  if (req.url === "/bundle.js") res.writeHead(200, { "content-type": "text/javascript" }).end(script);
  else res.writeHead(200, { "content-type": "text/html" }).end(html);
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const pageUrl = `http://127.0.0.1:${server.address().port}/`;

// The registry Chromium from @sparticuz/chromium (or CHROMIUM_PATH), with the workspace's headless flags.
const browser = await launchChromium();
let results;
try {
  const page = await browser.newPage();
  const consoleLines = [];
  page.on("console", (msg) => consoleLines.push(`${msg.type()}: ${msg.text()}`));
  await page.goto(pageUrl);
  await page.waitForFunction(() => typeof globalThis.runScenario === "function");
  results = await page.evaluate((env) => globalThis.runScenario(env), { baseUrl: emulatorUrl, apiKey });
  if (results.some((r) => !r.ok)) console.log(consoleLines.join("\n"));
} finally {
  await browser.close();
  server.close();
}

const xml = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
const cases = results.map((r) => {
  const open = `    <testcase name="${xml(r.name)}" classname="browser" time="${(r.ms / 1000).toFixed(3)}"`;
  return r.ok
    ? `${open}/>`
    : `${open}>\n      <failure message="${xml(r.error ?? "failed")}"/>\n    </testcase>`;
});
const failures = results.filter((r) => !r.ok).length;
writeFileSync(
  out,
  `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="browser" tests="${results.length}" failures="${failures}">\n` +
    `  <testsuite name="runtime-tests/browser (Chromium)" tests="${results.length}" failures="${failures}">\n` +
    `${cases.join("\n")}\n  </testsuite>\n</testsuites>\n`,
);
for (const r of results) console.log(`${r.ok ? "ok  " : "FAIL"} ${r.name}${r.ok ? "" : ` — ${r.error}`}`);
console.log(`${results.length - failures} passed, ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
