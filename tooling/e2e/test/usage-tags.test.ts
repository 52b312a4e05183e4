// One usage-tag rule everywhere (issue 10 §4): the same hostile tags go through each real component, and
// what each one SENDS to Extend is compared with @extendkit/core's rule (Extend removes every character that
// is not an ASCII letter, digit, `-` or `_`):
// - the emulator (the stand-in for Extend's server, which keeps its own copy of the rule on purpose);
// - the action's committed bundle, run as the GitHub runner runs it, with the tags in its `metadata` input;
// - the edge proxy under wrangler dev (workerd), with a client allowed to add its own tags.
// A recording tap between each client and the emulator captures the create bodies as sent, so the
// emulator's own sanitising cannot hide a component that sends something else.

import { mkdtempSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sanitizeUsageTag, sanitizeUsageTags, USAGE_TAGS_KEY } from "@extendkit/core";
import {
  type EmulatorProcess,
  newClientToken,
  proxyClients,
  REPO_ROOT,
  requireNode24,
  runActionBundle,
  startEmulatorProcess,
  startProxyServer,
  type WranglerDevServer,
} from "@extendkit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * Hostile tags: spaces and punctuation, path and URL syntax, markup, SQL, control and zero-width characters,
 * non-ASCII letters and emoji, and two that sanitise to nothing. "cust9" repeats "cust 9!" once sanitised.
 */
const HOSTILE = [
  "cust 9!",
  "team-eng_2",
  "octo/hello.world",
  "Ünïcödé-ok",
  "emoji🙂tag",
  "a\nb\tc\r\u200bd\u0000e",
  "<script>alert(1)</script>",
  "'; DROP TABLE runs;--",
  "%2e%2e%2fetc",
  "  padded  ",
  "!@#$%^&*()",
  "日本語",
  "cust9",
];
const PROCESSOR = "dp_document_classifier";
const KEY = "sk_test_usage_tags";

let emulator: EmulatorProcess;
let tap: Tap;

beforeAll(async () => {
  emulator = await startEmulatorProcess({ apiKey: KEY, latency: "instant" });
  tap = await startTap(emulator.url);
});
afterAll(async () => {
  await tap?.close();
  await emulator?.stop();
});

/** The tags a run ended up with, read from the emulator directly. */
async function storedTags(runId: string): Promise<unknown> {
  const response = await emulator.api(`/processor_runs/${runId}`);
  const body = (await response.json()) as { processorRun: { metadata?: Record<string, unknown> } };
  return body.processorRun.metadata?.[USAGE_TAGS_KEY];
}

describe("the same hostile usage tags give the same tags in core, the emulator, the action and the proxy", () => {
  it("core: the rule removes every character but [A-Za-z0-9_-] and the list drops empties and repeats", () => {
    expect(HOSTILE.map(sanitizeUsageTag)).toEqual([
      "cust9",
      "team-eng_2",
      "octohelloworld",
      "ncd-ok",
      "emojitag",
      "abcde",
      "scriptalert1script",
      "DROPTABLEruns--",
      "2e2e2fetc",
      "padded",
      "",
      "",
      "cust9",
    ]);
    expect(sanitizeUsageTags(HOSTILE)).toEqual(
      HOSTILE.map(sanitizeUsageTag).filter((t, i, all) => t !== "" && all.indexOf(t) === i),
    );
  });

  it("the emulator (Extend's side) sanitises each tag exactly as core does", async () => {
    const response = await emulator.api("/processor_runs", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        processorId: PROCESSOR,
        rawText: "tags",
        metadata: { [USAGE_TAGS_KEY]: HOSTILE },
      }),
    });
    expect(response.status).toBe(200);
    const { processorRun } = (await response.json()) as { processorRun: { id: string; metadata: object } };
    // Per tag, in order: Extend does not document whether repeats are merged, so the emulator keeps them.
    const perTag = HOSTILE.map(sanitizeUsageTag).filter((tag) => tag !== "");
    expect(processorRun.metadata).toEqual({ [USAGE_TAGS_KEY]: perTag });
    expect(await storedTags(processorRun.id)).toEqual(perTag);
  });

  it("the action's bundle sends core's tags (plus its gh-repo/gh-run tags)", async () => {
    tap.creates.length = 0;
    const workDir = mkdtempSync(join(tmpdir(), "usage-tags-action-"));
    const run = await runActionBundle({
      node: requireNode24(),
      workspace: REPO_ROOT,
      workDir,
      github: { GITHUB_REPOSITORY: "octo/tags.demo", GITHUB_RUN_ID: "4242" },
      inputs: {
        "api-key": KEY,
        "base-url": tap.url,
        "processor-id": PROCESSOR,
        files: "examples/documents/invoice-acme.txt",
        metadata: JSON.stringify({ [USAGE_TAGS_KEY]: HOSTILE }),
        summary: "false",
        timeout: "2m",
      },
      timeoutMs: 180_000,
    });
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const expected = sanitizeUsageTags([...HOSTILE, "gh-repo-octo-tags-demo", "gh-run-4242"]);
    expect(tap.creates).toHaveLength(1);
    const [create] = tap.creates;
    expect(create?.sent[USAGE_TAGS_KEY]).toEqual(expected);
    expect(await storedTags(create?.runId ?? "")).toEqual(expected);
  }, 240_000);

  describe("the edge proxy under wrangler dev", () => {
    const token = newClientToken("tags");
    let proxy: WranglerDevServer | undefined;

    beforeAll(async () => {
      proxy = await startProxyServer({
        upstreamUrl: tap.url,
        upstreamKey: KEY,
        clients: await proxyClients([
          {
            token,
            client: {
              tenant: "tagtenant",
              tags: [],
              scopes: ["runs:create", "runs:read"],
              processors: ["*"],
              allowCustomTags: true,
            },
          },
        ]),
      });
    }, 120_000);
    afterAll(async () => {
      await proxy?.stop();
    });

    it("sends its tenant tag followed by core's tags", async () => {
      tap.creates.length = 0;
      const response = await fetch(`${proxy?.url}/processor_runs`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({
          processorId: PROCESSOR,
          rawText: "tags",
          metadata: { [USAGE_TAGS_KEY]: HOSTILE },
        }),
      });
      expect(response.status, await response.clone().text()).toBe(200);
      const expected = ["tenant-tagtenant", ...sanitizeUsageTags(HOSTILE)];
      expect(tap.creates).toHaveLength(1);
      const [create] = tap.creates;
      expect(create?.sent[USAGE_TAGS_KEY]).toEqual(expected);
      expect(await storedTags(create?.runId ?? "")).toEqual(expected);
    });
  });
});

/** A create as it passed the tap: the metadata sent and the id of the run it made. */
interface TappedCreate {
  sent: Record<string, unknown>;
  runId: string;
}

/** A pass-through HTTP server in front of the emulator that records every `POST /processor_runs`. */
interface Tap {
  url: string;
  creates: TappedCreate[];
  close(): Promise<void>;
}

async function startTap(upstream: string): Promise<Tap> {
  const creates: TappedCreate[] = [];
  const server: Server = createServer((req, res) => {
    forward(upstream, req, res, creates).catch((error: unknown) => {
      res.writeHead(502).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    creates,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function forward(
  upstream: string,
  req: IncomingMessage,
  res: ServerResponse,
  creates: TappedCreate[],
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string" && !["host", "content-length", "connection"].includes(name)) {
      headers.set(name, value);
    }
  }
  const answer = await fetch(upstream + (req.url ?? "/"), {
    method: req.method ?? "GET",
    headers,
    ...(body.length > 0 ? { body } : {}),
  });
  const text = Buffer.from(await answer.arrayBuffer());
  if (req.method === "POST" && req.url?.split("?")[0] === "/processor_runs" && answer.ok) {
    const sent = JSON.parse(body.toString("utf8")) as { metadata?: Record<string, unknown> };
    const made = JSON.parse(text.toString("utf8")) as { processorRun: { id: string } };
    creates.push({ sent: sent.metadata ?? {}, runId: made.processorRun.id });
  }
  const out: Record<string, string> = {};
  answer.headers.forEach((value, name) => {
    if (!["content-length", "content-encoding", "transfer-encoding", "connection"].includes(name))
      out[name] = value;
  });
  res.writeHead(answer.status, out).end(text);
}
