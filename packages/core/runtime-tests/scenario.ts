/**
 * The one scenario every runtime leg runs against the BUILT package (dist/) and an emulator on
 * 127.0.0.1. It only uses Web globals and the package itself, so it runs unchanged on Node 20/24, Deno,
 * Bun and workerd; each leg registers these cases with its own test runner.
 */
import { EmulatorAdmin } from "@extendkit/emulator/admin";

export type Core = typeof import("../src/index.js");

/** Where the emulator is. */
export interface ScenarioEnv {
  baseUrl: string;
  apiKey: string;
}

/** A named test case. */
export interface ScenarioCase {
  name: string;
  run(): Promise<void>;
}

/** Relative path from a leg's folder to the built entry (imported at run time, never type-checked). */
export const DIST_ENTRY = "../../dist/index.js";

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`check failed: ${message}`);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("check failed: expected the call to reject");
}

/** Registers a processor private to this leg so that listing shows only this leg's runs. */
async function privateProcessor(admin: EmulatorAdmin, leg: string): Promise<string> {
  const processor = await admin.registerProcessor({
    name: `runtime ${leg} ${crypto.randomUUID()}`,
    type: "CLASSIFY",
    config: {
      type: "CLASSIFY",
      classifications: [
        { id: "invoice", type: "invoice", description: "An invoice" },
        { id: "other", type: "other", description: "Anything else" },
      ],
    },
  });
  check(typeof processor.id === "string", "processor id");
  return processor.id;
}

/** The cases, in order. `leg` names the runtime (it only keeps legs' data apart). */
export function scenario(core: Core, env: ScenarioEnv, leg: string): ScenarioCase[] {
  const client = new core.ExtendClient({ apiKey: env.apiKey, baseUrl: env.baseUrl, maxRetries: 1 });
  const admin = new EmulatorAdmin(env.baseUrl);
  const invoiceExtractor = "dp_invoice_extractor";
  return [
    {
      name: "create → wait → get",
      async run() {
        const created = await client.processorRuns.create({
          processorId: invoiceExtractor,
          rawText: "Invoice INV-42 from Acme, total $12.50",
          metadata: { leg },
        });
        check(created.id.startsWith("dpr_"), "run id");
        const updates: string[] = [];
        const done = await client.processorRuns.wait(created.id, {
          pollIntervalMs: 20,
          timeoutMs: 20_000,
          onUpdate: (run) => updates.push(run.status),
        });
        check(done.status === "PROCESSED", `status ${done.status}`);
        check(updates.at(-1) === "PROCESSED", "onUpdate saw the final status");
        const got = await client.processorRuns.get(created.id);
        check(
          got.id === created.id && got.metadata?.["leg"] === leg,
          "get returns the run with its metadata",
        );
        check(got.type === "EXTRACT" && "value" in got.output, "typed EXTRACT output");
        const { data, response } = await client.processorRuns.get(created.id).withResponse();
        check(data.id === created.id && response.status === 200, "withResponse");
      },
    },
    {
      name: "list pages (await and for await)",
      async run() {
        const processorId = await privateProcessor(admin, leg);
        const ids: string[] = [];
        for (let i = 0; i < 5; i++) {
          ids.push((await client.processorRuns.create({ processorId, rawText: `letter ${i}` })).id);
        }
        const first = await client.processorRuns.list({ processorId, maxPageSize: 2 });
        check(first.data.length === 2 && first.hasNextPage(), "first page of 2 with a next page");
        const second = await first.getNextPage();
        check(second.data.length === 2, "second page");
        const seen: string[] = [];
        for await (const run of client.processorRuns.list({ processorId, maxPageSize: 2 })) seen.push(run.id);
        check(seen.length === 5, `for await saw ${seen.length} runs`);
        check(
          ids.every((id) => seen.includes(id)),
          "every created run listed",
        );
      },
    },
    {
      name: "upload a file, get it with its text, delete it",
      async run() {
        const text = "Receipt: Blue Bottle Coffee, latte $4.50";
        const file = await client.files.upload(new TextEncoder().encode(text), {
          fileName: `receipt-${leg}.txt`,
        });
        check(file.id.startsWith("file_") && file.name === `receipt-${leg}.txt`, "uploaded file");
        const fromBlob = await client.files.upload(new Blob([text], { type: "text/plain" }), {
          fileName: "blob.txt",
        });
        check(fromBlob.id !== file.id, "Blob upload");
        const got = await client.files.get(file.id, { rawText: true });
        check(got.contents?.rawText?.includes("latte $4.50") === true, "raw text");
        const run = await client.processorRuns.createAndWait(
          { processorId: invoiceExtractor, file: { fileId: file.id } },
          { pollIntervalMs: 20, timeoutMs: 20_000 },
        );
        check(run.status === "PROCESSED", "run on the uploaded file");
        const deleted = await client.files.delete(fromBlob.id);
        check(deleted.id === fromBlob.id, "delete");
      },
    },
    {
      name: "error classes: wrong key, missing run, unreachable host, usage",
      async run() {
        const wrongKey = "sk_wrong_runtime_key_987";
        const bad = new core.ExtendClient({ apiKey: wrongKey, baseUrl: env.baseUrl });
        const auth = await rejection(bad.processorRuns.get("dpr_x"));
        check(auth instanceof core.AuthenticationError, `wrong key → ${String(auth)}`);
        check(auth instanceof core.APIError && auth instanceof core.ExtendKitError, "class hierarchy");
        check(auth.status === 401 && !auth.message.includes(wrongKey), "401 without the key in the message");
        check(!JSON.stringify(auth).includes(wrongKey), "key not in JSON");

        const missing = await rejection(client.processorRuns.get("dpr_does_not_exist"));
        check(
          missing instanceof core.NotFoundError && missing.status === 404,
          `missing → ${String(missing)}`,
        );

        const offline = new core.ExtendClient({
          apiKey: env.apiKey,
          baseUrl: "http://127.0.0.1:9",
          maxRetries: 0,
        });
        const refused = await rejection(offline.processorRuns.get("dpr_x"));
        check(refused instanceof core.ConnectionError, `refused → ${String(refused)}`);

        // A create over a refused connection sent nothing. Node, Deno and Bun say so; browsers and workerd
        // report every network failure alike, so there it must stay "may have been sent" (never the reverse).
        // Port 2: closed, and not one of the ports fetch refuses outright (9 is).
        const closed = new core.ExtendClient({
          apiKey: env.apiKey,
          baseUrl: "http://127.0.0.1:2",
          maxRetries: 0,
        });
        const notSent = await rejection(closed.processorRuns.create({ processorId: "dp_x", rawText: "x" }));
        check(notSent instanceof core.ConnectionError, `refused create → ${String(notSent)}`);
        const tells = leg !== "browser" && leg !== "workerd";
        check(
          notSent.nothingSent === tells,
          `${leg}: nothingSent ${notSent.nothingSent}, cause ${String(notSent.cause)}`,
        );
        check(notSent.mayHaveCreatedRun === !tells, `${leg}: mayHaveCreatedRun ${notSent.mayHaveCreatedRun}`);
        check(core.writeOutcome(notSent) === (tells ? "not-sent" : "uncertain"), `${leg}: writeOutcome`);

        const misuse = await rejection(client.processorRuns.create({ processorId: invoiceExtractor }));
        check(misuse instanceof core.UsageError, "usage error");
      },
    },
    {
      name: "timeouts and aborts are told apart",
      async run() {
        const run = await client.processorRuns.create({
          processorId: invoiceExtractor,
          rawText: "extendkit-stuck",
        });
        await admin.addFaults({ method: "GET", path: `/processor_runs/${run.id}`, delayMs: 3_000, count: 1 });
        const timedOut = await rejection(client.processorRuns.get(run.id, { timeoutMs: 150, maxRetries: 0 }));
        check(timedOut instanceof core.TimeoutError, `timeout → ${String(timedOut)}`);
        check(!(timedOut instanceof core.AbortError), "a timeout is not an abort");

        await admin.addFaults({ method: "GET", path: `/processor_runs/${run.id}`, delayMs: 3_000, count: 1 });
        const controller = new AbortController();
        setTimeout(() => controller.abort(), 100);
        const aborted = await rejection(client.processorRuns.get(run.id, { signal: controller.signal }));
        check(aborted instanceof core.AbortError, `abort → ${String(aborted)}`);
        check(!(aborted instanceof core.TimeoutError), "an abort is not a timeout");

        const waitController = new AbortController();
        setTimeout(() => waitController.abort(), 100);
        const waitAborted = await rejection(
          client.processorRuns.wait(run.id, { signal: waitController.signal, pollIntervalMs: 20 }),
        );
        check(waitAborted instanceof core.AbortError, `wait abort → ${String(waitAborted)}`);

        const waitTimeout = await rejection(
          client.processorRuns.wait(run.id, { timeoutMs: 150, pollIntervalMs: 20 }),
        );
        check(waitTimeout instanceof core.WaitTimeoutError && waitTimeout.run?.id === run.id, "wait timeout");

        const cancelled = await client.processorRuns.cancel(run.id);
        check(cancelled.status === "CANCELLED", "cancel");
      },
    },
    {
      name: "verifyWebhook with Web Crypto",
      async run() {
        const body = JSON.stringify({
          eventId: "evt_1",
          eventType: "processor_run.processed",
          payload: { id: "dpr_1" },
        });
        const secret = "wss_runtime_secret";
        const signed = await core.signWebhook({ body, secret });
        const event = await core.verifyWebhook({ body, headers: new Headers(signed.headers), secret });
        check(event.eventType === "processor_run.processed", "verified event");
        const tampered = await rejection(
          core.verifyWebhook({ body: `${body} `, headers: signed.headers, secret }),
        );
        check(
          tampered instanceof core.WebhookVerificationError && tampered.reason === "invalid_signature",
          "tampered body rejected",
        );
        const stale = await rejection(
          core.verifyWebhook({ body, headers: signed.headers, secret, now: Date.now() + 301_000 }),
        );
        check(
          stale instanceof core.WebhookVerificationError && stale.reason === "timestamp_too_old",
          "stale",
        );
      },
    },
  ];
}
