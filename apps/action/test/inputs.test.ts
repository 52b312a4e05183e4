import { describe, expect, it } from "vitest";
import { INPUT_DEFAULTS, InputError, type InputName, parseInputs } from "../src/inputs/index.js";
import { inputSource, REQUIRED_INPUTS } from "./helpers/input-source.js";

function parse(inputs: Partial<Record<InputName, string>>, options?: Parameters<typeof inputSource>[1]) {
  return parseInputs(inputSource({ ...REQUIRED_INPUTS, ...inputs }, options));
}

/** Parses and returns the InputError, failing the test when none is thrown. */
function rejection(inputs: Partial<Record<InputName, string>>, options?: Parameters<typeof inputSource>[1]) {
  try {
    parse(inputs, options);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error("expected an InputError");
}

describe("parseInputs: defaults", () => {
  it("applies every default when only the required inputs are set", () => {
    const config = parse({});
    expect(config).toMatchObject({
      apiKey: "sk_test_inputs_secret",
      baseUrl: "https://api.extend.ai",
      apiVersion: "2025-04-21",
      processorId: "dp_invoice_extractor",
      processorVersion: "latest",
      config: undefined,
      include: ["docs/**/*.pdf"],
      exclude: [],
      ifNoFilesFound: "error",
      maxFiles: 100,
      concurrency: 4,
      timeoutMs: 15 * 60_000,
      timeoutLabel: "15m",
      failOn: ["failed", "cancelled", "timeout", "error"],
      priority: undefined,
      metadata: {},
      summary: true,
      resultsFile: "/runner/tmp/extend-results.json",
      dryRun: false,
      cancelOnAbort: true,
      workspace: "/work/repo",
      warnings: [],
    });
  });

  it("falls back to the temp dir and cwd without RUNNER_TEMP and GITHUB_WORKSPACE", () => {
    const source = inputSource(REQUIRED_INPUTS);
    const config = parseInputs({ ...source, env: {} });
    expect(config.resultsFile).toBe("/tmp/extend-results.json");
    expect(config.workspace).toBe("/cwd");
  });

  it("treats whitespace-only inputs as unset", () => {
    expect(parse({ concurrency: "   ", timeout: "\n" })).toMatchObject({
      concurrency: 4,
      timeoutMs: 900_000,
    });
  });
});

describe("parseInputs: required inputs", () => {
  it.each([["api-key"], ["processor-id"], ["files"]] as const)("%s is required", (name) => {
    const error = rejection({ [name]: "" });
    expect(error.input).toBe(name);
    expect(error.message).toMatch(new RegExp(`^Input "${name}" is required`));
  });

  it("rejects a key with spaces without ever quoting it", () => {
    const error = rejection({ "api-key": "sk_live secret_value" });
    expect(error.message).toContain('Input "api-key"');
    expect(error.message).not.toContain("secret_value");
  });

  it("rejects processor ids with spaces or slashes, quoting the value", () => {
    expect(rejection({ "processor-id": "dp one" }).message).toBe(
      'Input "processor-id" must be a processor id such as dp_Xj8mK2pL9nR4vT7qY5wZ (no spaces or slashes); got "dp one".',
    );
    expect(rejection({ "processor-id": "../dp" }).input).toBe("processor-id");
  });
});

describe("parseInputs: base-url and api-version", () => {
  it("strips trailing slashes and accepts http on loopback without a warning", () => {
    const config = parse({ "base-url": "http://127.0.0.1:8787/" });
    expect(config.baseUrl).toBe("http://127.0.0.1:8787");
    expect(config.warnings).toEqual([]);
  });

  it("warns when the key would travel over plain http to another host", () => {
    expect(parse({ "base-url": "http://proxy.internal" }).warnings[0]).toContain("plain http");
  });

  it.each([
    ["not a url", "must be an absolute http(s) URL"],
    ["ftp://example.com", "must be an absolute http(s) URL"],
    ["https://user:pw@example.com", "must not contain credentials"],
    ["https://example.com/?x=1", "must not have a query string"],
  ])("rejects base-url %j", (value, message) => {
    const error = rejection({ "base-url": value });
    expect(error.input).toBe("base-url");
    expect(error.message).toContain(message);
  });

  it("does not echo credentials embedded in base-url", () => {
    expect(rejection({ "base-url": "https://user:hunter22@example.com" }).message).not.toContain("hunter22");
  });

  it("accepts another api-version date with a warning, rejects other formats", () => {
    expect(parse({ "api-version": "2024-12-23" }).warnings[0]).toContain("2024-12-23");
    expect(rejection({ "api-version": "v1" }).message).toBe(
      'Input "api-version" must be a date like 2025-04-21; got "v1".',
    );
  });
});

describe("parseInputs: processor-version", () => {
  it.each(["latest", "draft", "1", "1.0", "12.34"])("accepts %s", (value) => {
    expect(parse({ "processor-version": value }).processorVersion).toBe(value);
  });
  it.each(["v1", "1.0.0", "newest"])("rejects %s", (value) => {
    expect(rejection({ "processor-version": value }).message).toBe(
      `Input "processor-version" must be "latest", "draft" or a published version number such as "1.0"; got "${value}".`,
    );
  });
});

describe("parseInputs: config", () => {
  const extract = { type: "EXTRACT", schema: { type: "object", properties: {} } };

  it("accepts inline JSON of each type with its required fields", () => {
    expect(parse({ config: JSON.stringify(extract) }).config).toEqual(extract);
    const fields = { type: "EXTRACT", fields: [] };
    expect(parse({ config: JSON.stringify(fields) }).config).toEqual(fields);
    const classify = {
      type: "CLASSIFY",
      classifications: [{ id: "inv", type: "invoice", description: "An invoice" }],
    };
    expect(parse({ config: JSON.stringify(classify) }).configSource).toBe("inline");
    const splitter = { type: "SPLITTER", splitClassifications: [{ id: "a", type: "a", description: "A" }] };
    expect(parse({ config: JSON.stringify(splitter) }).config?.type).toBe("SPLITTER");
  });

  it("reads a config file relative to the workspace", () => {
    const config = parse(
      { config: "extend/config.json" },
      { files: { "/work/repo/extend/config.json": JSON.stringify(extract) } },
    );
    expect(config.config).toEqual(extract);
    expect(config.configSource).toBe("extend/config.json");
  });

  it.each([
    ['{"type": "EXTRACT",', "inline JSON must be a JSON object ("],
    ["[1]", "must be inline JSON or the path of a readable JSON file"],
    ['{"schema": {}}', 'must have "type" set to one of EXTRACT, CLASSIFY, SPLITTER'],
    [
      '{"type": "OCR"}',
      'must have "type" set to one of EXTRACT, CLASSIFY, SPLITTER (the processor\'s type); got "OCR"',
    ],
    ['{"type": "EXTRACT"}', 'of type EXTRACT needs a JSON "schema" object or a legacy "fields" array'],
    ['{"type": "CLASSIFY", "classifications": []}', 'needs a non-empty "classifications" array'],
    [
      '{"type": "CLASSIFY", "classifications": [{"id": "a"}]}',
      "classifications[0] must be an object with string id",
    ],
    ['{"type": "SPLITTER"}', 'needs a non-empty "splitClassifications" array'],
  ])("rejects config %s", (value, message) => {
    const error = rejection({ config: value });
    expect(error.input).toBe("config");
    expect(error.message).toContain('Input "config"');
    expect(error.message).toContain(message);
  });

  it.each([
    ["../outside.json", undefined],
    ["/etc/passwd", undefined],
    ["extend/link.json", "/etc/passwd"],
  ])("refuses config %s outside the workspace without reading or echoing it", (value, realTarget) => {
    let read = 0;
    const source = inputSource(
      { ...REQUIRED_INPUTS, config: value },
      { files: { "/etc/passwd": "root:x:0:0:root", "/work/outside.json": "root:x:0:0" } },
    );
    const reading = source.readTextFile;
    source.readTextFile = (path) => {
      read++;
      return reading(path);
    };
    source.realPath = (path) => (path === "/work/repo/extend/link.json" && realTarget ? realTarget : path);
    const error = (() => {
      try {
        parseInputs(source);
      } catch (caught) {
        return caught as InputError;
      }
      throw new Error("expected a rejection");
    })();
    expect(error.input).toBe("config");
    expect(error.message).toContain("the path given is outside it (not read)");
    expect(error.message).not.toContain("root");
    expect(error.message).not.toContain(value);
    expect(read).toBe(0);
  });

  it("never echoes a config file's bytes when they are not JSON", () => {
    const error = rejection({ config: "c.json" }, { files: { "/work/repo/c.json": "root:x:0:0" } });
    expect(error.message).toBe('Input "config" file "c.json" must be a JSON object (not valid JSON).');
  });

  it("rejects a missing file and a file that is not a JSON object", () => {
    expect(rejection({ config: "nope.json" }).message).toBe(
      'Input "config" must be inline JSON or the path of a readable JSON file (relative to the workspace); got "nope.json".',
    );
    const error = rejection({ config: "c.json" }, { files: { "/work/repo/c.json": '"text"' } });
    expect(error.message).toContain('file "c.json" must be a JSON object');
  });
});

describe("parseInputs: files", () => {
  it("splits lines, skips blanks and comments, strips ./ and separates excludes", () => {
    const config = parse({
      files: "./docs/**/*.pdf\n\n# comment\n  invoices/*.{pdf,png}  \n!docs/drafts/**\n! tmp",
    });
    expect(config.include).toEqual(["docs/**/*.pdf", "invoices/*.{pdf,png}"]);
    expect(config.exclude).toEqual(["docs/drafts/**", "tmp"]);
  });

  it.each([
    ["/etc/passwd", "patterns must be relative to the workspace"],
    ["C:/docs/*.pdf", "patterns must be relative to the workspace"],
    ["../other/*.pdf", "patterns must stay inside the workspace"],
    ["!", "has an empty exclude line"],
    ["!docs/*.pdf", "is required: one or more glob patterns"],
  ])("rejects %j", (value, message) => {
    const error = rejection({ files: value });
    expect(error.input).toBe("files");
    expect(error.message).toContain(message);
  });
});

describe("parseInputs: numbers and enums", () => {
  it.each(["error", "warn", "ignore"] as const)("if-no-files-found accepts %s", (value) => {
    expect(parse({ "if-no-files-found": value }).ifNoFilesFound).toBe(value);
  });
  it("if-no-files-found rejects other values", () => {
    expect(rejection({ "if-no-files-found": "fail" }).message).toBe(
      'Input "if-no-files-found" must be error, warn or ignore; got "fail".',
    );
  });

  it("max-files accepts positive integers", () => {
    expect(parse({ "max-files": "5000" }).maxFiles).toBe(5000);
  });
  it.each(["0", "-1", "1.5", "ten"])("max-files rejects %s", (value) => {
    expect(rejection({ "max-files": value }).message).toBe(
      `Input "max-files" must be an integer of at least 1; got "${value}".`,
    );
  });

  it.each([
    ["1", 1],
    ["32", 32],
  ])("concurrency accepts %s", (value, expected) => {
    expect(parse({ concurrency: value }).concurrency).toBe(expected);
  });
  it.each(["0", "33", "4x"])("concurrency rejects %s", (value) => {
    expect(rejection({ concurrency: value }).message).toBe(
      `Input "concurrency" must be an integer from 1 to 32; got "${value}".`,
    );
  });

  it.each([
    ["1", 1],
    ["100", 100],
  ])("priority accepts %s", (value, expected) => {
    expect(parse({ priority: value }).priority).toBe(expected);
  });
  it.each(["0", "101", "high"])("priority rejects %s", (value) => {
    expect(rejection({ priority: value }).message).toBe(
      `Input "priority" must be an integer from 1 to 100; got "${value}".`,
    );
  });
});

describe("parseInputs: timeout", () => {
  it.each([
    ["90s", 90_000],
    ["15m", 900_000],
    ["1h", 3_600_000],
    ["1h30m", 5_400_000],
    ["2m30s", 150_000],
    ["45", 45_000],
    ["24h", 86_400_000],
  ])("accepts %s", (value, ms) => {
    expect(parse({ timeout: value })).toMatchObject({ timeoutMs: ms, timeoutLabel: value });
  });
  it.each(["0", "0s", "15 minutes", "1d", "-5m", "25h", "1.5h", "m"])("rejects %s", (value) => {
    expect(rejection({ timeout: value }).message).toBe(
      `Input "timeout" must be a duration such as 90s, 15m, 1h or 1h30m (or plain seconds), at most 24h; got "${value}".`,
    );
  });
});

describe("parseInputs: fail-on", () => {
  it("accepts never, subsets in any separator style, and deduplicates", () => {
    expect(parse({ "fail-on": "never" }).failOn).toEqual([]);
    expect(parse({ "fail-on": "failed" }).failOn).toEqual(["failed"]);
    expect(parse({ "fail-on": "timeout, error\nfailed,failed" }).failOn).toEqual([
      "timeout",
      "error",
      "failed",
    ]);
  });
  it.each(["failures", "never,failed", "timed-out", ","])("rejects %j", (value) => {
    expect(rejection({ "fail-on": value }).message).toBe(
      `Input "fail-on" must be "never" or a comma-separated list of failed, cancelled, timeout, error, mismatched; got ${JSON.stringify(value)}.`,
    );
  });
});

describe("parseInputs: metadata and usage tags", () => {
  it("accepts a JSON object and lifts its usage tags into the merged list", () => {
    const config = parse(
      {
        metadata: '{"team":"billing","extend:usage_tags":["from metadata"]}',
        "usage-tags": "ci, nightly\nteam eng",
      },
      { env: { GITHUB_REPOSITORY: "Acme/docs.site", GITHUB_RUN_ID: "12345" } },
    );
    expect(config.metadata).toEqual({ team: "billing" });
    expect(config.usageTags).toEqual([
      "ci",
      "nightly",
      "teameng",
      "frommetadata",
      "gh-repo-Acme-docs-site",
      "gh-run-12345",
    ]);
  });

  it("deduplicates tags after sanitising and drops empty ones", () => {
    const config = parse({ "usage-tags": "a b, a-b, ***, a_b, a!b" }, { env: {} });
    expect(config.usageTags).toEqual(["ab", "a-b", "a_b"]);
  });

  it.each([
    ["[1,2]", 'Input "metadata" value must be a JSON object; got "[1,2]".'],
    ["{oops}", 'Input "metadata" value must be a JSON object ('],
    ['{"extend:usage_tags":"one"}', 'Input "metadata" key "extend:usage_tags" must be an array of strings'],
    // Issue 13 S8: the proxy's tenant key, and the action's own keys that prove a run is this invocation's.
    ['{"extendkit:tenant":"acme"}', 'Input "metadata" must not set "extendkit:tenant"'],
    ['{"extendkit:invocation":"x"}', 'Input "metadata" must not set "extendkit:invocation"'],
    ['{"team":"a","extendkit:file":"x"}', 'Input "metadata" must not set "extendkit:file"'],
  ])("rejects metadata %s", (value, message) => {
    expect(rejection({ metadata: value }).message).toContain(message);
  });

  it("sanitises tags by Extend's rule: other characters are removed, as the server does", () => {
    const config = parse(
      { "usage-tags": "cust 9!, ünïcode, keep_under-score" },
      { env: { GITHUB_REPOSITORY: "octo/hello.world" } },
    );
    expect(config.usageTags).toEqual(["cust9", "ncode", "keep_under-score", "gh-repo-octo-hello-world"]);
  });
});

describe("parseInputs: booleans and results-file", () => {
  it.each(["summary", "dry-run", "cancel-on-abort"] as const)("%s accepts YAML booleans", (name) => {
    const key = name === "summary" ? "summary" : name === "dry-run" ? "dryRun" : "cancelOnAbort";
    for (const value of ["true", "True", "TRUE"]) expect(parse({ [name]: value })[key]).toBe(true);
    for (const value of ["false", "False", "FALSE"]) expect(parse({ [name]: value })[key]).toBe(false);
    expect(rejection({ [name]: "yes" }).message).toBe(`Input "${name}" must be true or false; got "yes".`);
  });

  it("resolves results-file against the workspace and rejects directories", () => {
    expect(parse({ "results-file": "out/results.json" }).resultsFile).toBe("/work/repo/out/results.json");
    expect(parse({ "results-file": "/abs/r.json" }).resultsFile).toBe("/abs/r.json");
    expect(rejection({ "results-file": "out/" }).message).toBe(
      'Input "results-file" must be a file path, not a directory; got "out/".',
    );
  });
});

describe("parseInputs: messages", () => {
  it("shortens long quoted values", () => {
    const error = rejection({ timeout: "9".repeat(200) + "x" });
    expect(error.message.length).toBeLessThan(250);
    expect(error.message).toContain("…");
  });

  it("keeps INPUT_DEFAULTS in the documented form", () => {
    expect(INPUT_DEFAULTS.timeout).toBe("15m");
    expect(INPUT_DEFAULTS["fail-on"]).toBe("failed,cancelled,timeout,error");
  });
});

describe("parseInputs: issue 12 inputs", () => {
  it("defaults: on-missing-api-key fail, max-file-size 100 MiB", () => {
    expect(parse({})).toMatchObject({ onMissingApiKey: "fail", maxFileSize: 100 * 1024 * 1024 });
  });

  it("names the default results file after the step, so two steps in one job keep theirs", () => {
    const first = parse({}, { env: { RUNNER_TEMP: "/rt", GITHUB_ACTION: "__org_extend-action" } });
    const second = parse({}, { env: { RUNNER_TEMP: "/rt", GITHUB_ACTION: "__org_extend-action_2" } });
    expect(first.resultsFile).toBe("/rt/extend-results-__org_extend-action.json");
    expect(second.resultsFile).toBe("/rt/extend-results-__org_extend-action_2.json");
    expect(parse({}, { env: { RUNNER_TEMP: "/rt", GITHUB_ACTION: "../x y" } }).resultsFile).toBe(
      "/rt/extend-results-x-y.json",
    );
  });

  it.each(["skip", "warn"] as const)("on-missing-api-key %s accepts an empty key", (policy) => {
    const config = parseInputs(
      inputSource({ "processor-id": "dp_1", files: "a/*.pdf", "on-missing-api-key": policy }),
    );
    expect(config).toMatchObject({ apiKey: "", onMissingApiKey: policy });
  });

  it("on-missing-api-key fail (the default) names the fork option; other values are refused", () => {
    const error = (() => {
      try {
        parseInputs(inputSource({ "processor-id": "dp_1", files: "a/*.pdf" }));
      } catch (caught) {
        return caught as InputError;
      }
      throw new Error("expected a rejection");
    })();
    expect(error.message).toContain("on-missing-api-key: skip or warn");
    expect(rejection({ "on-missing-api-key": "ignore" }).message).toBe(
      'Input "on-missing-api-key" must be fail, skip or warn; got "ignore".',
    );
  });

  it.each([
    ["100MiB", 104_857_600],
    ["50MB", 50_000_000],
    ["512 KiB", 524_288],
    ["1gib", 1_073_741_824],
    ["2048", 2048],
  ])("max-file-size %s is %d bytes", (value, bytes) => {
    expect(parse({ "max-file-size": value }).maxFileSize).toBe(bytes);
  });

  it.each(["0", "-1", "10 parsecs", "MB"])("rejects max-file-size %j", (value) => {
    expect(rejection({ "max-file-size": value }).message).toContain('Input "max-file-size" must be a size');
  });
});
