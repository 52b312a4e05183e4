/**
 * A scripted stand-in for fetch: each call takes the next step of the script and records what was sent.
 * Steps: a Response (or a function making one), `{ throw }` to reject like a dropped connection, or a
 * hang that only ends when the request's signal aborts (or never, to model a fetch that ignores it).
 */
export type Step =
  | Response
  | ((call: RecordedCall) => Response | Promise<Response>)
  | { throw: unknown }
  | { hang: "honour-signal" | "node20-reason" | "ignore-signal" };

/** What one call sent. */
export interface RecordedCall {
  url: string;
  method: string;
  headers: Headers;
  body: BodyInit | null | undefined;
  signal: AbortSignal | undefined;
  at: number;
}

/** A fake fetch plus the calls it received. */
export interface ScriptedFetch {
  fetch: typeof fetch;
  calls: RecordedCall[];
}

/** Builds a fake fetch that plays `steps` in order (and fails the test loudly when it runs out). */
export function scriptedFetch(steps: Step[]): ScriptedFetch {
  const calls: RecordedCall[] = [];
  const queue = [...steps];
  const fake = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const call: RecordedCall = {
      url: String(input),
      method: init?.method ?? "GET",
      headers: new Headers(init?.headers),
      body: init?.body,
      signal: init?.signal ?? undefined,
      at: Date.now(),
    };
    calls.push(call);
    const step = queue.shift();
    if (step === undefined) throw new Error(`scriptedFetch: unexpected call #${calls.length} to ${call.url}`);
    if (step instanceof Response) return step;
    if (typeof step === "function") return step(call);
    if ("throw" in step) throw step.throw;
    return hang(step.hang, call.signal);
  };
  return { fetch: fake as typeof fetch, calls };
}

function hang(mode: "honour-signal" | "node20-reason" | "ignore-signal", signal: AbortSignal | undefined) {
  return new Promise<Response>((_, reject) => {
    if (mode === "ignore-signal" || !signal) return;
    signal.addEventListener("abort", () => {
      // Node 20's fetch rejects with the abort reason itself; Deno, Bun and browsers with a DOMException.
      reject(
        mode === "node20-reason"
          ? signal.reason
          : new DOMException("The operation was aborted.", "AbortError"),
      );
    });
  });
}

/** A JSON response. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

/** A minimal processor run as the API returns it. */
export function runBody(id = "dpr_1", status = "PROCESSING"): Record<string, unknown> {
  return {
    object: "document_processor_run",
    id,
    processorId: "dp_x",
    processorVersionId: "dpv_x",
    processorName: "Invoices",
    status,
    output: {},
    reviewed: false,
    edited: false,
    edits: {},
    type: "EXTRACT",
    config: { type: "EXTRACT" },
    files: [],
    mergedProcessors: [],
    url: `https://dashboard.extend.ai/runs/${id}`,
  };
}

/** `{ success: true, processorRun }`. */
export function runResponse(
  id = "dpr_1",
  status = "PROCESSING",
  headers: Record<string, string> = {},
): Response {
  return json(200, { success: true, processorRun: runBody(id, status) }, headers);
}

/** A connection failure the way fetch reports one. */
export function dropped(): { throw: unknown } {
  return {
    throw: new TypeError("fetch failed", {
      cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }),
    }),
  };
}

/** Test API key (the tests assert it never leaks into an error). */
export const API_KEY = "sk_test_secret_do_not_leak_123";
