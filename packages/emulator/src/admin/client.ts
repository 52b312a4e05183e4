// A typed client for the emulator's admin API, fetch-only so it runs wherever the emulator's handler does
// (Node, Deno, Bun, workerd, browsers). Pass `{ fetch: emulator.fetch }` to drive an in-process emulator
// without a socket; any base URL then works, since the handler routes on the path alone.
import { EmulatorAdminError } from "./error.js";
import type {
  ActiveFault,
  BatchProcessorRun,
  CassetteStatus,
  CreateBatchRunParams,
  EmulatorClockState,
  EmulatorHealth,
  EmulatorProcessor,
  FaultRule,
  JournalEntry,
  LimitsSnapshot,
  ProcessorDefinition,
  UsageSnapshot,
} from "./types.js";

/** The fetch the client sends with: `globalThis.fetch`, or an in-process emulator's `fetch`. */
export type AdminFetch = (input: string, init?: RequestInit) => Promise<Response>;

/** Options of {@link EmulatorAdmin}. */
export interface EmulatorAdminOptions {
  /** Default `globalThis.fetch`. */
  fetch?: AdminFetch;
}

/**
 * The emulator's `/_emulator/…` admin API, typed. Every method throws {@link EmulatorAdminError} on a
 * non-2xx answer (e.g. advancing a real clock is a 400).
 *
 * @example
 * const admin = new EmulatorAdmin("http://127.0.0.1:4010");
 * await admin.addFaults({ method: "POST", path: "/processor_runs", status: 503, count: 1 });
 * const creates = (await admin.journal()).filter((entry) => entry.runId !== undefined);
 */
export class EmulatorAdmin {
  /** The emulator's origin, without a trailing slash. */
  readonly baseUrl: string;
  readonly #fetch: AdminFetch;

  constructor(baseUrl: string | URL, options: EmulatorAdminOptions = {}) {
    this.baseUrl = String(baseUrl).replace(/\/+$/, "");
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** `GET /_emulator/health`: the API version and the registered processors. */
  health(): Promise<EmulatorHealth> {
    return this.request("GET", "health");
  }

  /** Drops runs, files, batch runs, the journal, faults and usage; processors stay. */
  async reset(): Promise<void> {
    await this.request("POST", "reset");
  }

  /** The clock mode and the emulator's current time (epoch ms). */
  clock(): Promise<EmulatorClockState> {
    return this.request("GET", "clock");
  }

  /** Moves the virtual clock forward by `ms`, firing due timers in order; resolves with the new now. */
  async advanceClock(ms: number): Promise<number> {
    return (await this.request<{ now: number }>("POST", "clock/advance", { ms })).now;
  }

  /** The fault rules in force, in match order. */
  async faults(): Promise<ActiveFault[]> {
    return (await this.request<{ rules: ActiveFault[] }>("GET", "faults")).rules;
  }

  /** Adds fault rules after the existing ones; resolves with their ids. */
  async addFaults(rules: FaultRule | readonly FaultRule[]): Promise<string[]> {
    const body = Array.isArray(rules) ? { rules } : rules;
    return (await this.request<{ ids: string[] }>("POST", "faults", body)).ids;
  }

  /** Removes every fault rule. */
  async clearFaults(): Promise<void> {
    await this.request("DELETE", "faults");
  }

  /** The request journal in arrival order (Authorization redacted; the newest 20,000 entries). */
  async journal(): Promise<JournalEntry[]> {
    return (await this.request<{ requests: JournalEntry[] }>("GET", "requests")).requests;
  }

  /** Empties the journal and restarts its sequence numbers. */
  async clearJournal(): Promise<void> {
    await this.request("DELETE", "requests");
  }

  /** Runs and credits per usage tag, untagged and in total. */
  usage(): Promise<UsageSnapshot> {
    return this.request("GET", "usage");
  }

  /** Every registered processor with its versions. */
  async processors(): Promise<EmulatorProcessor[]> {
    return (await this.request<{ processors: EmulatorProcessor[] }>("GET", "processors")).processors;
  }

  /** Registers a processor (draft and `1.0` versions); its id is generated when absent. */
  async registerProcessor(definition: ProcessorDefinition): Promise<EmulatorProcessor> {
    return (await this.request<{ processor: EmulatorProcessor }>("POST", "processors", definition)).processor;
  }

  /** Creates a batch processor run over existing runs (the public 2025-04-21 API cannot). */
  async createBatchRun(params: CreateBatchRunParams): Promise<BatchProcessorRun> {
    const body = await this.request<{ batchProcessorRun: BatchProcessorRun }>(
      "POST",
      "batch-processor-runs",
      params,
    );
    return body.batchProcessorRun;
  }

  /**
   * `GET /_emulator/limits`: the plan in force, each API key's buckets and files/min window, and per
   * category the requests answered and refused (429) since start or the last reset.
   */
  limits(): Promise<LimitsSnapshot> {
    return this.request("GET", "limits");
  }

  /** Refills every bucket, empties the files/min windows and zeroes the counters; resolves with the new view. */
  resetLimits(): Promise<LimitsSnapshot> {
    return this.request("POST", "limits/reset");
  }

  /**
   * `GET /_emulator/cassette`: record or replay mode ("off" otherwise) and its counters — runs recorded
   * and in flight, saves (record); creates matched and unmatched, and why the last one did not match (replay).
   */
  cassette(): Promise<CassetteStatus> {
    return this.request("GET", "cassette");
  }

  /** The bytes behind a file's `presignedUrl`, typed with the file's media type. */
  async fileContent(fileId: string): Promise<Blob> {
    const response = await this.send("GET", `files/${encodeURIComponent(fileId)}/content`);
    return response.blob();
  }

  /**
   * Calls an admin route by its path under `/_emulator/` and returns its JSON. The typed methods are
   * built on it; routes added by later emulator versions can be reached through it until they get one.
   */
  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    return (await (await this.send(method, path, body)).json()) as T;
  }

  private async send(method: string, path: string, body?: unknown): Promise<Response> {
    const init: RequestInit = { method };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { "content-type": "application/json" };
    }
    const route = `/_emulator/${path.replace(/^\/+/, "")}`;
    const response = await this.#fetch(`${this.baseUrl}${route}`, init);
    if (response.ok) return response;
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON (a proxy or a crashed server in between): keep the text.
    }
    throw new EmulatorAdminError(method, route, response.status, parsed);
  }
}
