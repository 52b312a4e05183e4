// Record mode: every API request goes to the upstream (with the recorder's key) and its answer goes
// back to the client unchanged. Along the way the recorder learns which document each upstream file
// is, follows every run it saw created through the statuses the client saw, and when a run ends it
// adds the run to the cassette and saves it before answering, so the cassette on disk always holds
// every run a client has seen finish.
import { API_VERSION } from "../options.js";
import type { RouteContext, Router } from "../router.js";
import { type CreateRunRequest, parseCreateRun } from "../validation/create-run.js";
import { serializeCassette } from "./codec.js";
import { fileUrlRef, rawTextRef, sha256Hex, uploadedFile } from "./document-id.js";
import {
  type Cassette,
  type CassetteRequest,
  type DocumentRef,
  emptyCassette,
  type RecordedStatus,
} from "./format.js";
import {
  jsonOf,
  parseJsonObject,
  relay,
  sendUpstream,
  type Upstream,
  type UpstreamAnswer,
  upstreamRequest,
} from "./forward.js";
import { recordedError, recordedRun } from "./recorded-entry.js";
import { SaveQueue } from "./save-queue.js";
import { scrubJson } from "./scrub.js";
import type { CassetteStore } from "./store.js";
import { fetchUpstreamFileHash, fetchUpstreamRun } from "./upstream-reads.js";

/** What the recorder needs. */
export interface RecorderDeps {
  upstream: Upstream;
  store: CassetteStore;
  /** Strings that must never reach the cassette: the upstream key and the emulator's own keys. */
  secrets: string[];
}

/** The recorder's counters, for `GET /_emulator/cassette`. */
export interface RecorderStatus {
  mode: "record";
  upstream: string;
  cassette: string;
  /** API requests forwarded upstream. */
  forwarded: number;
  /** Runs in the cassette (finished runs and refused creates). */
  recorded: number;
  /** Runs seen created and not yet seen finished. */
  inFlight: number;
  /** Runs seen created that cannot be recorded (their document could not be identified). */
  unidentified: number;
  saves: number;
  saveFailures: number;
  lastSaveError: string | null;
}

type RouteKind =
  | "upload"
  | "createFile"
  | "createRun"
  | "getRun"
  | "listRuns"
  | "cancelRun"
  | "deleteRun"
  | "other";

/** The 2025-04-21 API surface; anything else is answered by the emulator's router (404/405). */
const API_ROUTES: ReadonlyArray<[string, string, RouteKind]> = [
  ["POST", "/files/upload", "upload"],
  ["POST", "/files", "createFile"],
  ["GET", "/files", "other"],
  ["GET", "/files/:id", "other"],
  ["DELETE", "/files/:id", "other"],
  ["POST", "/processor_runs", "createRun"],
  ["GET", "/processor_runs", "listRuns"],
  ["GET", "/processor_runs/:id", "getRun"],
  ["POST", "/processor_runs/:id/cancel", "cancelRun"],
  ["DELETE", "/processor_runs/:id", "deleteRun"],
  ["GET", "/batch_processor_runs/:id", "other"],
];

const TERMINAL = new Set<RecordedStatus>(["PROCESSED", "FAILED", "CANCELLED"]);

interface TrackedRun {
  request: CassetteRequest;
  states: RecordedStatus[];
}

/** Forwards API requests and records finished runs into a cassette. */
export class Recorder {
  private readonly cassette: Cassette = emptyCassette(API_VERSION);
  /** Upstream file id → the document it holds. */
  private readonly files = new Map<string, DocumentRef>();
  /** Upstream run id → what is known of it so far. */
  private readonly runs = new Map<string, TrackedRun>();
  /** Runs seen finished whose recording is being saved. */
  private readonly finishing = new Map<string, Promise<void>>();
  private readonly saver: SaveQueue;
  private readonly counts = { forwarded: 0, unidentified: 0, saves: 0, saveFailures: 0 };
  private lastSaveError: string | null = null;

  constructor(private readonly deps: RecorderDeps) {
    this.saver = new SaveQueue(async () => {
      await deps.store.save(serializeCassette(this.cassette));
      this.counts.saves++;
    }); // An empty cassette at once: the file is loadable from the first moment of the recording.
    void this.save();
  }

  /** Registers the forwarding handler on every API route. */
  routes(router: Router): void {
    for (const [method, path, kind] of API_ROUTES) router.on(method, path, (ctx) => this.forward(ctx, kind));
  }

  /** Resolves when every requested save has been written. */
  flushed(): Promise<void> {
    return this.saver.idle();
  }

  status(): RecorderStatus {
    return {
      mode: "record",
      upstream: this.deps.upstream.base.origin,
      cassette: this.deps.store.name,
      forwarded: this.counts.forwarded,
      recorded: this.cassette.runs.length,
      inFlight: this.runs.size,
      unidentified: this.counts.unidentified,
      saves: this.counts.saves,
      saveFailures: this.counts.saveFailures,
      lastSaveError: this.lastSaveError,
    };
  }

  private async forward(ctx: RouteContext, kind: RouteKind): Promise<Response> {
    const { request, url } = ctx;
    const hasBody = request.method !== "GET" && request.method !== "HEAD";
    const body = hasBody ? new Uint8Array(await request.arrayBuffer()) : undefined;
    const upload = kind === "upload" && body ? await uploadedFile(request.headers, body) : undefined;
    const answer = await sendUpstream(
      this.deps.upstream,
      upstreamRequest(this.deps.upstream, request.method, url, request.headers, body),
    );
    this.counts.forwarded++;
    const changes: Promise<void>[] = [];
    const json = answer.status < 300 ? jsonOf(answer) : undefined;
    if (kind === "upload" && json && upload) this.learnFile(ctx, json, { sha256: upload.sha256 }, upload);
    if (kind === "createFile" && json && body) await this.learnCreatedFile(ctx, json, body);
    if (kind === "createRun" && body) changes.push(this.created(ctx, body, answer));
    if ((kind === "getRun" || kind === "cancelRun") && json)
      changes.push(this.observe(json["processorRun"], true));
    if (kind === "listRuns" && json && Array.isArray(json["processorRuns"])) {
      for (const summary of json["processorRuns"]) changes.push(this.observe(summary, false));
    }
    if (kind === "deleteRun" && answer.status < 300) this.runs.delete(ctx.params["id"] ?? "");
    await Promise.all(changes);
    return relay(answer);
  }

  private learnFile(
    ctx: RouteContext,
    json: Record<string, unknown>,
    document: DocumentRef,
    seen?: { name: string; bytes: number },
  ): void {
    const file = json["file"] as { id?: unknown; type?: unknown; name?: unknown } | undefined;
    if (typeof file?.id !== "string") return;
    this.files.set(file.id, document);
    ctx.note.fileId = file.id;
    if (typeof file.name === "string") ctx.note.fileName = file.name;
    if (!("sha256" in document) || !seen) return;
    const known = this.cassette.documents[document.sha256];
    // The smallest name wins, so concurrent uploads of one document record the same name every time.
    if (known && known.name <= seen.name) return;
    this.cassette.documents[document.sha256] = {
      name: seen.name,
      bytes: seen.bytes,
      ...(typeof file.type === "string" ? { type: file.type } : {}),
    };
  }

  /** `POST /files` (deprecated): rawText is known from the request; a URL's bytes are fetched when a run needs them. */
  private async learnCreatedFile(ctx: RouteContext, json: Record<string, unknown>, body: Uint8Array) {
    const fields = parseJsonObject(body);
    if (typeof fields?.["rawText"] === "string") {
      const sha256 = await sha256Hex(fields["rawText"]);
      const name = typeof fields["name"] === "string" ? fields["name"] : "rawText";
      this.learnFile(
        ctx,
        json,
        { sha256 },
        { name, bytes: new TextEncoder().encode(fields["rawText"]).byteLength },
      );
    }
  }

  /** A create: start following the run, or record the client error the upstream answered with. */
  private async created(ctx: RouteContext, body: Uint8Array, answer: UpstreamAnswer): Promise<void> {
    let parsed: CreateRunRequest;
    try {
      parsed = parseCreateRun(parseJsonObject(body) ?? {});
    } catch {
      return; // a malformed create is not worth recording: the upstream refused it too
    }
    const json = jsonOf(answer);
    const run = json?.["processorRun"] as { id?: unknown } | undefined;
    const error =
      answer.status >= 400 ? recordedError(answer.status, jsonOf(answer), this.deps.secrets) : undefined;
    if (!error && (answer.status >= 300 || typeof run?.id !== "string")) return;
    const document = await this.documentOf(parsed);
    if (!document) {
      this.counts.unidentified++;
      console.error(
        `extendkit-emulator: recorder: the document of ${typeof run?.id === "string" ? `run ${run.id}` : "a refused create"} could not be identified; it is not recorded`,
      );
      return;
    }
    const request: CassetteRequest = scrubJson(
      { processorId: parsed.processorId, version: parsed.version, config: parsed.config ?? null, document },
      this.deps.secrets,
    );
    if (error) {
      this.cassette.runs.push({ request, states: [], error });
      return this.save();
    }
    const id = run!.id as string;
    ctx.note.runId = id;
    this.runs.set(id, { request, states: [] });
    return this.observe(run, true);
  }

  /** Notes a run's status; a finished run is recorded (its full object is fetched when a list reported it). */
  private observe(value: unknown, full: boolean): Promise<void> {
    if (typeof value !== "object" || value === null) return Promise.resolve();
    const { id, status } = value as { id?: unknown; status?: unknown };
    if (typeof id !== "string" || typeof status !== "string") return Promise.resolve();
    // A run being recorded right now: whoever else saw it finish waits until it is saved too.
    const finishing = this.finishing.get(id);
    if (finishing) return finishing;
    const tracked = this.runs.get(id);
    if (!tracked) return Promise.resolve();
    if (tracked.states.at(-1) !== status) tracked.states.push(status as RecordedStatus);
    if (!TERMINAL.has(status as RecordedStatus)) return Promise.resolve();
    const done = this.finish(id, tracked, full ? (value as Record<string, unknown>) : undefined).finally(() =>
      this.finishing.delete(id),
    );
    this.finishing.set(id, done);
    return done;
  }

  private async finish(
    id: string,
    tracked: TrackedRun,
    seen: Record<string, unknown> | undefined,
  ): Promise<void> {
    const body = seen ?? (await fetchUpstreamRun(this.deps.upstream, id));
    // Without the final object (the GET failed) the run stays followed; the client's next read retries.
    if (body?.["status"] !== tracked.states.at(-1)) return;
    this.runs.delete(id);
    this.cassette.runs.push({
      request: tracked.request,
      states: tracked.states,
      run: recordedRun(body as Record<string, unknown>, this.deps.secrets),
    });
    return this.save();
  }

  private async save(): Promise<void> {
    try {
      await this.saver.request();
    } catch (error) {
      this.counts.saveFailures++;
      this.lastSaveError = error instanceof Error ? error.message : String(error);
      console.error(
        `extendkit-emulator: recorder: could not save ${this.deps.store.name}: ${this.lastSaveError}`,
      );
    }
  }

  private async documentOf(request: CreateRunRequest): Promise<DocumentRef | undefined> {
    if (request.rawText !== undefined) return rawTextRef(request.rawText);
    if (request.file?.fileUrl !== undefined) return fileUrlRef(request.file.fileUrl);
    const fileId = request.file?.fileId;
    if (fileId === undefined) return undefined;
    const known = this.files.get(fileId);
    if (known) return known;
    // A file uploaded before the recording started (or made from a URL): hash its bytes once.
    const sha256 = await fetchUpstreamFileHash(this.deps.upstream, fileId);
    if (sha256 === undefined) return undefined;
    this.files.set(fileId, { sha256 });
    return { sha256 };
  }
}
