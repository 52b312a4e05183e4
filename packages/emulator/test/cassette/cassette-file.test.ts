import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CassetteError, loadCassetteFile, parseCassette, serializeCassette } from "../../src/index.js";
import type { Loose } from "../support/api.js";
import { runCli } from "../support/cli-process.js";
import { recorderFor, upstreamEmulator, upstreamKey, workload } from "./support.js";

const dir = mkdtempSync(join(tmpdir(), "cassette-file-"));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function recordedText(): Promise<string> {
  const key = upstreamKey();
  const upstream = upstreamEmulator(key);
  const { store, api } = recorderFor(upstream, key);
  await workload(api, (ms) => upstream.clock.advance(ms));
  return store.text;
}

/** The environment of a CLI child without EXTEND_API_KEY (so the tests do not depend on the caller's). */
function envWithout(): NodeJS.ProcessEnv {
  const { EXTEND_API_KEY: _key, ...rest } = process.env;
  return rest;
}

describe("cassette files", () => {
  it("round-trips: parse(serialize(c)) serializes to the same bytes", async () => {
    const text = await recordedText();
    expect(serializeCassette(parseCassette(text))).toBe(text);
  });

  it("refuses corrupt, foreign, unknown-version and malformed cassettes with a message naming the problem", async () => {
    const text = await recordedText();
    const good = JSON.parse(text) as Loose;
    const bad = (value: unknown) => () => parseCassette(JSON.stringify(value), "ci.json");
    expect(() => parseCassette(text.slice(0, text.length / 2), "ci.json")).toThrow(
      /^ci\.json is not valid JSON/,
    );
    expect(bad({ log: { entries: [] } })).toThrow(
      'ci.json is not an extendkit cassette (no "format": "extendkit-cassette")',
    );
    expect(bad({ ...good, version: 99 })).toThrow(
      /ci\.json is cassette version 99, and this emulator reads version 1 only/,
    );
    expect(bad({ ...good, version: "1" })).toThrow(CassetteError);
    const runs = structuredClone(good["runs"]);
    runs[1].request.version = "";
    expect(bad({ ...good, runs })).toThrow("ci.json: runs[1].request.version must be a non-empty string");
    const states = structuredClone(good["runs"]);
    states[0].states = ["PROCESSING"];
    expect(bad({ ...good, runs: states })).toThrow(/runs\[0\]\.states must end with the run's final status/);
    const docs = { ...good, documents: { nothex: { name: "x", bytes: 1 } } };
    expect(bad(docs)).toThrow(/documents\["nothex"\]: the key must be a lowercase hex SHA-256/);
    await expect(loadCassetteFile(join(dir, "missing.json"))).rejects.toThrow(
      /missing\.json cannot be read \(no such file\)/,
    );
  });

  it("CLI: an unusable cassette or bad record/replay flags exit 2 with the reason", async () => {
    const text = await recordedText();
    const corrupt = file("corrupt.json", text.slice(0, 200));
    const future = file("future.json", text.replace('"version": 1', '"version": 2'));
    const cases: Array<[string[], RegExp]> = [
      [["--replay", corrupt], /--replay .*corrupt\.json is not valid JSON/],
      [["--replay", future], /future\.json is cassette version 2, and this emulator reads version 1 only/],
      [["--replay", join(dir, "nope.json")], /nope\.json cannot be read \(no such file\)/],
      [["--record", join(dir, "r.json")], /--record needs --upstream <url>/],
      [["--upstream", "http://127.0.0.1:9"], /--upstream is only used with --record/],
      [
        ["--record", join(dir, "r.json"), "--upstream", "ftp://x"],
        /--upstream must be an http\(s\) base URL/,
      ],
      [
        ["--record", join(dir, "r.json"), "--upstream", "http://127.0.0.1:9", "--limits", "payg"],
        /--limits does not apply with --record/,
      ],
      [
        ["--record", join(dir, "r.json"), "--replay", corrupt],
        /--record and --replay cannot be used together/,
      ],
      [["--record", join(dir, "r.json"), "--upstream", "http://127.0.0.1:9"], /EXTEND_API_KEY/],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(args, envWithout());
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toMatch(message);
    }
  });

  it("CLI: --record refuses to overwrite a file that is not a cassette", async () => {
    const precious = file("notes.json", '{"mine": true}\n');
    const result = await runCli(["--record", precious, "--upstream", "http://127.0.0.1:9"], {
      ...envWithout(),
      EXTEND_API_KEY: upstreamKey(),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /notes\.json exists and is not an extendkit cassette; refusing to overwrite it/,
    );
    expect(readFileSync(precious, "utf8")).toBe('{"mine": true}\n');
  });

  it("a recorded cassette loads back from disk", async () => {
    const path = file("ok.json", await recordedText());
    const cassette = await loadCassetteFile(path);
    expect(cassette.runs).toHaveLength(5);
    expect(cassette).toEqual(parseCassette(readFileSync(path, "utf8")));
  });
});
