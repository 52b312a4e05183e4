// Replay mode: `POST /processor_runs` is answered from the cassette. A create that matches a recording
// becomes a new run (new ids, the emulator's clock and latency) that passes through the recorded
// statuses and ends with the recorded output; a create that matches nothing is a 400 naming the
// difference, and never an invented output. Everything else (uploads, reads, lists, cancel, delete)
// is the emulator's own, so uploads are stored locally and matched by the SHA-256 of their bytes.
import { ApiError, notFound } from "../errors.js";
import { sampleLatency } from "../latency.js";
import type { LatencyOption } from "../options.js";
import { Prng } from "../prng.js";
import type { ProcessorRecord, ProcessorVersionRecord, RunRecord } from "../records.js";
import type { RouteContext, Router } from "../router.js";
import { startRun } from "../routes/processor-runs.js";
import type { EmulatorServices } from "../services.js";
import { type CreateRunRequest, parseCreateRun } from "../validation/create-run.js";
import { readJsonObject } from "../validation/json.js";
import { FileHashes, fileUrlRef, rawTextRef } from "./document-id.js";
import type {
  Cassette,
  CassetteEntry,
  CassetteRequest,
  DocumentRef,
  RecordedError,
  RecordedRun,
} from "./format.js";
import { CassetteIndex, describeDocument } from "./match.js";
import { PLACEHOLDERS, replaceStrings } from "./recorded-entry.js";
import { replayOutcome } from "./replay-outcome.js";
import { scrubJson } from "./scrub.js";

/** What the player needs. */
export interface PlayerDeps {
  services: EmulatorServices;
  cassette: Cassette;
  /** For messages and the admin status: the cassette's path, or "memory". */
  source: string;
  latency: LatencyOption;
  seed: number;
}

/** The player's counters, for `GET /_emulator/cassette`. */
export interface PlayerStatus {
  mode: "replay";
  cassette: string;
  /** Creates in the cassette. */
  recorded: number;
  matched: number;
  unmatched: number;
  /** Why the last unmatched create did not match. */
  lastUnmatched: string | null;
}

/** Answers creates from a cassette. */
export class Player {
  private readonly index: CassetteIndex;
  private readonly hashes = new FileHashes();
  private readonly processors = new Map<
    string,
    { processor: ProcessorRecord; version: ProcessorVersionRecord }
  >();
  private readonly prng: Prng;
  private matched = 0;
  private unmatched = 0;
  private lastUnmatched: string | null = null;

  constructor(private readonly deps: PlayerDeps) {
    this.index = new CassetteIndex(deps.cassette);
    this.prng = new Prng(deps.seed ^ 0x2545f491);
  }

  /** Registers the replaying create ahead of the emulator's own (the router takes the first match). */
  routes(router: Router): void {
    router.on("POST", "/processor_runs", (ctx) => this.create(ctx));
  }

  status(): PlayerStatus {
    return {
      mode: "replay",
      cassette: this.deps.source,
      recorded: this.index.size,
      matched: this.matched,
      unmatched: this.unmatched,
      lastUnmatched: this.lastUnmatched,
    };
  }

  /** Plays recordings from the start again (emulator reset). */
  reset(): void {
    this.index.rewind();
    this.prng.restart();
    this.matched = 0;
    this.unmatched = 0;
    this.lastUnmatched = null;
  }

  private async create(ctx: RouteContext): Promise<unknown> {
    const request = parseCreateRun(await readJsonObject(ctx.request));
    const { document, label } = await this.identify(request);
    // Configs were scrubbed when recorded (presigned query strings); the same scrub makes them comparable.
    const wanted: CassetteRequest = {
      processorId: request.processorId,
      version: request.version,
      config: request.config ? scrubJson(request.config, []) : null,
      document,
    };
    const entry = this.index.take(wanted);
    if (!entry) {
      this.unmatched++;
      this.lastUnmatched = this.index.explain(wanted, label);
      throw new ApiError(400, "INVALID_REQUEST", this.lastUnmatched);
    }
    this.matched++;
    if (entry.error) return recordedErrorResponse(entry.error, ctx.requestId);
    const recorded = entry.run!;
    const { processor, version } = this.processorOf(recorded, request.version);
    return startRun(ctx, this.deps.services, request, {
      processor,
      version,
      config: recorded.config,
      replay: (run) => replayOutcome(recorded, { runId: run.id, fileId: run.file?.id ?? "" }),
      submit: (run) => this.submit(run, entry),
    });
  }

  /** The document of a create, and how to name it in a mismatch message. */
  private async identify(request: CreateRunRequest): Promise<{ document: DocumentRef; label: string }> {
    if (request.rawText !== undefined) {
      const document = await rawTextRef(request.rawText);
      return { document, label: describeDocument(document) };
    }
    const fileId = request.file?.fileId;
    if (fileId !== undefined) {
      const file = this.deps.services.state.files.get(fileId);
      if (!file) throw notFound(`File ${fileId} (file.fileId) was not found`);
      const document: DocumentRef = { sha256: await this.hashes.of(file) };
      return { document, label: describeDocument(document, `file ${file.id} "${file.name}"`) };
    }
    const document = fileUrlRef(request.file?.fileUrl ?? "");
    return { document, label: describeDocument(document) };
  }

  /** One processor record per recorded processor version, shaped from what the recording reported. */
  private processorOf(recorded: RecordedRun, requestedVersion: string) {
    const { id, name, type, versionId } = recorded.processor;
    const key = `${id}\n${versionId}`;
    let known = this.processors.get(key);
    if (!known) {
      const version: ProcessorVersionRecord = {
        id: versionId,
        version: requestedVersion,
        config: recorded.config,
      };
      known = { processor: { id, name, type, draft: version, published: [version] }, version };
      this.processors.set(key, known);
    }
    return known;
  }

  /**
   * Hands the run to the engine, after holding it PENDING for a while when the recording saw it
   * pending first (the hold is a quarter of a latency draw, on the emulator's clock).
   */
  private submit(run: RunRecord, entry: CassetteEntry): void {
    const { services, latency } = this.deps;
    const sawPending = entry.states[0] === "PENDING" && entry.states.length > 1;
    if (!sawPending) {
      services.engine.submit(run);
      return;
    }
    const pages = run.input.ok ? run.input.pages.length : 1;
    const holdMs = Math.round(sampleLatency(latency, this.prng, pages) / 4);
    // Kept in run.timer so that deleting the run during the hold cancels it (engine.forget).
    run.timer = services.clock.setTimer(holdMs, () => {
      delete run.timer;
      if (run.status === "PENDING" && services.state.runs.has(run.id)) services.engine.submit(run);
    });
  }
}

/** The recorded refusal, with this request's id where the recording had one. */
function recordedErrorResponse(error: RecordedError, requestId: string): Response {
  const body = replaceStrings(error.body, new Map([[PLACEHOLDERS.requestId, requestId]]));
  return new Response(JSON.stringify(body), {
    status: error.status,
    headers: { "content-type": "application/json" },
  });
}
