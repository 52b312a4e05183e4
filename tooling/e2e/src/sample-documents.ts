// The repository's sample documents (examples/documents) and the outputs they are expected to produce
// (examples/documents/expected/<processor id>/examples/documents/<file>.json, the layout of the action's
// `expectations` input: one folder per processor, mirroring each file's workspace path).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DOCUMENTS_DIR as documentsDir } from "@extendkit/testing";

/** A sample document. */
export interface SampleDocument {
  name: string;
  path: string;
}

/** Sample documents whose names match `pattern`, sorted by name. */
export function sampleDocuments(pattern: RegExp): SampleDocument[] {
  return readdirSync(documentsDir)
    .filter((name) => pattern.test(name))
    .sort()
    .map((name) => ({ name, path: join(documentsDir, name) }));
}

/** The expected output of `processorId` on a sample document, or undefined when none is recorded. */
export function expectedOutput(name: string, processorId: string): unknown {
  const path = join(documentsDir, "expected", processorId, "examples/documents", `${name}.json`);
  return existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : undefined;
}
