import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { EmulatorAdmin } from "../src/admin/index.js";
import { type SpawnedEmulator, spawnEmulator } from "../src/process.js";
import { runCli } from "./support/cli-process.js";

const running: SpawnedEmulator[] = [];
afterEach(async () => {
  for (const cli of running.splice(0)) await cli.stop("SIGKILL");
});

async function start(args: string[]) {
  // Limits are not what most CLI tests are about; those that are pass --limits themselves.
  const cli = await spawnEmulator({ args: args.includes("--limits") ? args : [...args, "--limits", "off"] });
  running.push(cli);
  return cli;
}

describe("extendkit-emulator CLI", () => {
  it("prints the URL and processor ids, serves the API, and exits 0 on SIGTERM", async () => {
    const cli = await start(["--port", "0", "--latency", "instant"]);
    expect(cli.output()).toContain("dp_invoice_extractor");
    expect(cli.output()).toContain("dp_document_classifier");
    expect(cli.output()).toContain("dp_packet_splitter");
    expect((await new EmulatorAdmin(cli.url).health()).ok).toBe(true);
    const created = await fetch(`${cli.url}/processor_runs`, {
      method: "POST",
      headers: {
        authorization: "Bearer sk_test_emulator",
        "x-extend-api-version": "2025-04-21",
        "content-type": "application/json",
      },
      body: JSON.stringify({ processorId: "dp_invoice_extractor", rawText: "Total: 5", sync: true }),
    });
    expect((await created.json()).processorRun.status).toBe("PROCESSED");
    running.pop();
    expect(await cli.stop("SIGTERM")).toBe(0);
  });

  it("exits 0 on SIGINT (and ignores a leading -- from `pnpm start -- ...`)", async () => {
    const cli = await start(["--", "--port", "0"]);
    running.pop();
    expect(await cli.stop("SIGINT")).toBe(0);
  });

  it("applies --api-key (repeatable), --processors, --fault and --sync-timeout", async () => {
    const dir = mkdtempSync(join(tmpdir(), "emulator-cli-"));
    const file = join(dir, "processors.json");
    writeFileSync(
      file,
      JSON.stringify([
        {
          id: "dp_cli",
          name: "CLI classifier",
          type: "CLASSIFY",
          config: { classifications: [{ id: "x", type: "x", description: "X" }] },
        },
      ]),
    );
    const cli = await start([
      "--port",
      "0",
      "--api-key",
      "sk_a",
      "--api-key",
      "sk_b",
      "--processors",
      file,
      "--fault",
      '{"method":"GET","path":"/files","status":503,"count":1}',
      "--sync-timeout",
      "50",
      "--latency",
      "realistic",
      "--seed",
      "9",
    ]);
    expect(cli.output()).toContain("dp_cli");
    const headers = (key: string) => ({
      authorization: `Bearer ${key}`,
      "x-extend-api-version": "2025-04-21",
    });
    // Faults act before auth, like an overloaded front end.
    expect((await fetch(`${cli.url}/files`, { headers: headers("sk_a") })).status).toBe(503);
    expect((await fetch(`${cli.url}/files`, { headers: headers("sk_test_emulator") })).status).toBe(401);
    expect((await fetch(`${cli.url}/files`, { headers: headers("sk_b") })).status).toBe(200);
    const sync = await fetch(`${cli.url}/processor_runs`, {
      method: "POST",
      headers: { ...headers("sk_a"), "content-type": "application/json" },
      body: JSON.stringify({ processorId: "dp_cli", rawText: "x", sync: true }),
    });
    expect((await sync.json()).processorRun.status).toBe("PROCESSING");
    expect(cli.output()).not.toContain("sk_a");
  });

  it("applies --clock virtual, --processing-slots and --max-file-bytes", async () => {
    const cli = await start([
      "--port",
      "0",
      "--clock",
      "virtual",
      "--processing-slots",
      "1",
      "--max-file-bytes",
      "10",
    ]);
    const headers = { authorization: "Bearer sk_test_emulator", "x-extend-api-version": "2025-04-21" };
    const create = async () => {
      const response = await fetch(`${cli.url}/processor_runs`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify({ processorId: "dp_invoice_extractor", rawText: "Total: 5" }),
      });
      return (await response.json()).processorRun;
    };
    const first = await create();
    const second = await create();
    expect([first.status, second.status]).toEqual(["PROCESSING", "PENDING"]);
    await new EmulatorAdmin(cli.url).advanceClock(5000);
    const done = await (await fetch(`${cli.url}/processor_runs/${second.id}`, { headers })).json();
    expect(done.processorRun.status).toBe("PROCESSED");
    const form = new FormData();
    form.append("file", new File(["01234567890"], "big.txt", { type: "text/plain" }));
    const upload = await fetch(`${cli.url}/files/upload`, { method: "POST", headers, body: form });
    expect((await upload.json()).code).toBe("FILE_SIZE_TOO_LARGE");
  });

  it("rejects bad flags with a message naming the flag and exit code 2", async () => {
    const cases: Array<[string[], RegExp]> = [
      [["--port", "abc"], /--port must be an integer/],
      [["--port", "70000"], /--port must be an integer from 0 to 65535/],
      [["--latency", "slow"], /--latency must be instant, fast or realistic/],
      [["--bogus"], /Unknown option '--bogus'.*--help/],
      [["--fault", "{nope"], /--fault must be a JSON fault rule/],
      [["--fault", '{"status":404}'], /--fault\.status must be one of 429, 500, 502, 503/],
      [["--webhook-url", "http://127.0.0.1:1/x"], /--webhook-url and --webhook-secret/],
      [["--processors", "/nonexistent/p.json"], /--processors/],
      [["--sync-timeout", "-5"], /--sync-timeout/],
      [["--clock", "fake"], /--clock must be real or virtual/],
      [["--processing-slots", "0"], /--processing-slots must be an integer from 1/],
      [["--api-key", ""], /--api-key needs a non-empty key/],
    ];
    for (const [args, pattern] of cases) {
      const result = await runCli(args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr, args.join(" ")).toMatch(pattern);
    }
  });

  it("rejects an invalid processors file naming --processors and the entry", async () => {
    const dir = mkdtempSync(join(tmpdir(), "emulator-cli-"));
    const notArray = join(dir, "object.json");
    writeFileSync(notArray, JSON.stringify({ id: "dp_x" }));
    const invalid = join(dir, "invalid.json");
    writeFileSync(invalid, JSON.stringify([{ name: "No type", config: {} }]));
    const a = await runCli(["--processors", notArray]);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/--processors .* must contain a JSON array/);
    const b = await runCli(["--processors", invalid]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(
      /--processors .*processors\[0\]: type must be one of EXTRACT, CLASSIFY, SPLITTER/,
    );
  });

  it("refuses a non-local webhook URL with exit code 2", async () => {
    const result = await runCli(["--webhook-url", "https://example.com/x", "--webhook-secret", "s"]);
    // A bad flag like any other: usage error, exit code 2, naming the flag.
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--webhook-url must be an http URL on 127\.0\.0\.1/);
  });

  it("--help prints usage listing every flag", async () => {
    const result = await runCli(["--help"]);
    expect(result.code).toBe(0);
    for (const flag of [
      "--host",
      "--port",
      "--api-key",
      "--seed",
      "--latency",
      "--processors",
      "--webhook-url",
      "--webhook-secret",
      "--sync-timeout",
      "--max-file-bytes",
      "--processing-slots",
      "--clock",
      "--cors",
      "--fault",
    ]) {
      expect(result.stdout).toContain(flag);
    }
  });
});

describe("extendkit-emulator --limits", () => {
  it("with no --limits enforces PAYG: a burst of 30 GETs gets 429s with Retry-After", async () => {
    // Only --port 0 (spawnEmulator's free port): the defaults are what a user's CI would run.
    const cli = await spawnEmulator({ args: [] });
    running.push(cli);
    const headers = { authorization: "Bearer sk_test_emulator", "x-extend-api-version": "2025-04-21" };
    const responses = await Promise.all(
      Array.from({ length: 30 }, () => fetch(`${cli.url}/processor_runs`, { headers })),
    );
    const refused = responses.filter((r) => r.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    for (const response of refused) {
      expect(Number(response.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(await response.json()).toMatchObject({ success: false, code: "RATE_LIMIT_EXCEEDED" });
    }
    expect(responses.every((r) => r.status === 200 || r.status === 429)).toBe(true);
    // Counted by the emulator itself: every request answered or refused, none lost.
    const view = await new EmulatorAdmin(cli.url).limits();
    expect(view.plan).toBe("payg");
    expect(view.counts.get.refused).toBe(refused.length);
    expect(view.counts.get.answered + view.counts.get.refused).toBe(30);
    // A full bucket holds 10; the burst cannot have taken more than it plus what refilled meanwhile.
    expect(view.counts.get.answered).toBeGreaterThanOrEqual(10);
  });

  it("--limits <file.json> applies a custom plan; a bad file or value exits 2 naming --limits", async () => {
    const dir = mkdtempSync(join(tmpdir(), "emulator-limits-"));
    const file = join(dir, "limits.json");
    writeFileSync(
      file,
      JSON.stringify({ plan: "scale", requestsPerSecond: { get: 2 }, throughput: "reject" }),
    );
    const cli = await start(["--port", "0", "--limits", file]);
    const view = await new EmulatorAdmin(cli.url).limits();
    expect(view.plan).toBe("custom");
    expect(view.limits).toMatchObject({
      requestsPerSecond: { get: 2, write: 25, run: 25 },
      filesPerMinute: 120,
      throughput: "reject",
    });
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ plan: "gold" }));
    const badFile = await runCli(["--limits", bad]);
    expect(badFile.code).toBe(2);
    expect(badFile.stderr).toMatch(
      /--limits .*bad\.json: limits file\.plan must be payg, scale or enterprise/,
    );
    const missing = await runCli(["--limits", join(dir, "missing.json")]);
    expect(missing.code).toBe(2);
    const word = await runCli(["--limits", "unlimited"]);
    expect(word.code).toBe(2);
    expect(word.stderr).toMatch(/--limits must be off, payg, scale, enterprise or a path/);
  });
});
