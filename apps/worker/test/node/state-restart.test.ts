// Issue 13 §1 and S7: the proxy's durable state survives a restart on every runtime. Each server is
// stopped and started again on the same state (wrangler dev --persist-to for the Durable Objects, the
// Deno KV file, the bun:sqlite file), and ownership, idempotency and the tenant index are still there.
// On Deno and Bun, file ownership also outlives more than 1,000 uploads (it used to be a 1,000-entry
// in-memory cache, evicted and lost on restart).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningServer, startBunServer, startDenoServer, startWranglerDev } from "@extendkit/testing";
import { afterAll, describe, expect, inject, it } from "vitest";
import { INVOICE, proxySettings, TOKENS } from "../fixtures.ts";
import { splitSettings } from "../wrangler-settings.ts";

/** More uploads than the old in-memory ownership cache held. */
const MANY_FILES = 1_001;
const dirs: string[] = [];

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

type Start = (settings: Record<string, string>, stateDir: string) => Promise<RunningServer>;

const RUNTIMES: Array<{ name: string; start: Start; manyFiles: boolean }> = [
  {
    name: "workerd (wrangler dev, Durable Objects)",
    start: (settings, stateDir) => startWranglerDev({ ...splitSettings(settings), persistTo: stateDir }),
    manyFiles: false,
  },
  {
    name: "deno (Deno KV)",
    start: (settings, stateDir) => startDenoServer({ ...settings, STATE_PATH: join(stateDir, "kv.sqlite") }),
    manyFiles: true,
  },
  {
    name: "bun (bun:sqlite)",
    start: (settings, stateDir) =>
      startBunServer({ ...settings, STATE_PATH: join(stateDir, "state.sqlite") }),
    manyFiles: true,
  },
];

function auth(extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${TOKENS.alpha}`, ...extra };
}

async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

async function upload(server: RunningServer, name: string): Promise<string> {
  const form = new FormData();
  form.append("file", new Blob([`content of ${name}`], { type: "text/plain" }), name);
  const response = await fetch(`${server.url}/files/upload`, { method: "POST", headers: auth(), body: form });
  if (response.status !== 200) throw new Error(`upload: ${response.status} ${await response.text()}`);
  return String(((await json(response))["file"] as Record<string, unknown>)["id"]);
}

function createRun(server: RunningServer, key: string, rawText: string): Promise<Response> {
  return fetch(`${server.url}/processor_runs`, {
    method: "POST",
    headers: auth({ "content-type": "application/json", "idempotency-key": key }),
    body: JSON.stringify({ processorId: INVOICE, rawText }),
  });
}

describe.each(RUNTIMES)("durable state across a restart: $name", ({ start, manyFiles }) => {
  it("keeps ownership, idempotency records and the tenant index", { timeout: 240_000 }, async () => {
    const stateDir = await mkdtemp(join(tmpdir(), "extendkit-restart-"));
    dirs.push(stateDir);
    // Over a thousand uploads in seconds: neither the upstream governor (PAYG: 80 files/min) nor the
    // tenant limit is what this test is about.
    const settings = {
      ...(await proxySettings(inject("emulatorUrl"), inject("es256PublicJwk"))),
      UPSTREAM_LIMITS: "off",
      RATE_LIMIT_PER_MINUTE: "0",
    };
    const key = `restart-${crypto.randomUUID()}`;
    const rawText = `${key} total 9 USD`;

    let server = await start(settings, stateDir);
    let runId: string;
    let firstFile: string;
    try {
      const created = await createRun(server, key, rawText);
      expect(created.status).toBe(200);
      runId = String(((await json(created))["processorRun"] as Record<string, unknown>)["id"]);
      firstFile = await upload(server, `${key}-first.txt`);
      if (manyFiles) {
        // Enough further uploads to have pushed the first file out of the old 1,000-entry cache.
        const names = Array.from({ length: MANY_FILES }, (_, i) => `${key}-${i}.txt`);
        for (let i = 0; i < names.length; i += 16) {
          await Promise.all(names.slice(i, i + 16).map((name) => upload(server, name)));
        }
        expect((await fetch(`${server.url}/files/${firstFile}`, { headers: auth() })).status).toBe(200);
      }
    } finally {
      await server.stop();
    }

    server = await start(settings, stateDir);
    try {
      // Ownership: the run and the file are still the tenant's (and only the tenant's).
      const read = await fetch(`${server.url}/processor_runs/${runId}`, { headers: auth() });
      expect(read.status).toBe(200);
      const foreign = await fetch(`${server.url}/processor_runs/${runId}`, {
        headers: { authorization: `Bearer ${TOKENS.beta}` },
      });
      expect(foreign.status).toBe(404);
      expect((await fetch(`${server.url}/files/${firstFile}`, { headers: auth() })).status).toBe(200);

      // Idempotency: the same key and body replays the first run instead of creating another.
      const again = await createRun(server, key, rawText);
      expect(again.status).toBe(200);
      expect(again.headers.get("idempotent-replayed")).toBe("true");
      expect(((await json(again))["processorRun"] as Record<string, unknown>)["id"]).toBe(runId);
      expect((await createRun(server, key, "another body")).status).toBe(422);

      // The tenant index: the run and the files are listed.
      const runs = await json(
        await fetch(`${server.url}/processor_runs?maxPageSize=1000`, { headers: auth() }),
      );
      expect((runs["processorRuns"] as Array<Record<string, unknown>>).map((run) => run["id"])).toContain(
        runId,
      );
      const files = await json(
        await fetch(`${server.url}/files?maxPageSize=1000&sortDir=asc&nameContains=${key}`, {
          headers: auth(),
        }),
      );
      const listed = (files["files"] as Array<Record<string, unknown>>).map((file) => file["id"]);
      expect(listed[0]).toBe(firstFile);
      expect(listed).toHaveLength(manyFiles ? 1_000 : 1);
      expect(typeof files["nextPageToken"]).toBe(manyFiles ? "string" : "object");
    } finally {
      await server.stop();
    }
  });
});
