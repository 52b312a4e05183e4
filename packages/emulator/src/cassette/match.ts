// Which recording a replayed create gets, and why none does. A match is the same processor, version,
// config (key order aside) and document. Repeated identical creates get the recordings in order; once
// they run out, the last one repeats.
import type { Cassette, CassetteEntry, CassetteRequest, DocumentRef } from "./format.js";
import { sameJson, stableStringify } from "./stable-json.js";

/** The match key of a request: its key-sorted JSON. */
export function requestKey(request: CassetteRequest): string {
  return stableStringify(request);
}

/** The recordings of a cassette, grouped by request for replay. */
export class CassetteIndex {
  private readonly byKey = new Map<string, CassetteEntry[]>();
  private readonly taken = new Map<string, number>();

  constructor(private readonly cassette: Cassette) {
    for (const entry of cassette.runs) {
      const key = requestKey(entry.request);
      const list = this.byKey.get(key);
      if (list) list.push(entry);
      else this.byKey.set(key, [entry]);
    }
  }

  /** Number of recorded creates. */
  get size(): number {
    return this.cassette.runs.length;
  }

  /** The next recording for `request`, or undefined when nothing matches. */
  take(request: CassetteRequest): CassetteEntry | undefined {
    const key = requestKey(request);
    const list = this.byKey.get(key);
    if (!list) return undefined;
    const n = this.taken.get(key) ?? 0;
    this.taken.set(key, n + 1);
    return list[Math.min(n, list.length - 1)];
  }

  /** Forgets which recordings were played (emulator reset). */
  rewind(): void {
    this.taken.clear();
  }

  /**
   * Why nothing matches `request`, naming each field in which the closest recording differs.
   * `documentLabel` describes the requested document the way the client knows it (file id and name).
   */
  explain(request: CassetteRequest, documentLabel: string): string {
    const entries = this.cassette.runs;
    if (entries.length === 0) return "Replay: the cassette holds no recorded runs, so no create can match";
    let best: string[] | undefined;
    for (const entry of entries) {
      const differences = this.differences(entry.request, request, documentLabel);
      if (!best || differences.length < best.length) best = differences;
    }
    return (
      "Replay: no recorded run matches this create (matching is on processorId, version, config and the document). " +
      `The closest recording differs in ${best!.join("; ")}`
    );
  }

  private differences(recorded: CassetteRequest, wanted: CassetteRequest, documentLabel: string): string[] {
    const out: string[] = [];
    if (recorded.processorId !== wanted.processorId) {
      out.push(`processorId (recorded "${recorded.processorId}", requested "${wanted.processorId}")`);
    }
    if (recorded.version !== wanted.version) {
      out.push(`version (recorded "${recorded.version}", requested "${wanted.version}")`);
    }
    if (!sameJson(recorded.config, wanted.config)) out.push(`config (${configDifference(recorded, wanted)})`);
    if (!sameJson(recorded.document, wanted.document)) {
      const known = this.cassette.runs.some((entry) => sameJson(entry.request.document, wanted.document));
      out.push(
        known
          ? `document (recorded ${this.describe(recorded.document)}, requested ${documentLabel})`
          : `document (${documentLabel} was never recorded)`,
      );
    }
    return out;
  }

  private describe(document: DocumentRef): string {
    const name = "sha256" in document ? this.cassette.documents[document.sha256]?.name : undefined;
    return describeDocument(document, name === undefined ? undefined : `"${name}"`);
  }
}

function configDifference(recorded: CassetteRequest, wanted: CassetteRequest): string {
  if (recorded.config === null) return "recorded with the processor's own config, requested with an override";
  if (wanted.config === null) return "recorded with an override, requested with the processor's own config";
  return "the override differs from the recorded one";
}

/** How a document reference reads in messages. */
export function describeDocument(document: DocumentRef, hint?: string): string {
  const suffix = hint ? ` (${hint})` : "";
  if ("sha256" in document) return `upload sha256:${document.sha256.slice(0, 12)}…${suffix}`;
  if ("rawTextSha256" in document) return `rawText sha256:${document.rawTextSha256.slice(0, 12)}…`;
  return `fileUrl ${document.fileUrl}`;
}
