import { classifyPages } from "./classify.js";
import { type ProcessorType, validateProcessorConfig } from "./config-validation.js";
import { runCredits } from "./credits.js";
import { extractWithSchema } from "./extract.js";
import { extractWithLegacyFields, legacyFieldsFrom } from "./extract-fields-legacy.js";
import { isRecord } from "./json-schema.js";
import { hasNoReadableText } from "./pages.js";
import { classificationsFrom } from "./scoring.js";
import { splitPages } from "./split.js";

/** What a run processes: the processor type and config, and the document's pages of text. */
export interface RunProcessorInput {
  type: ProcessorType;
  config: Record<string, unknown>;
  pages: string[];
  fileId?: string;
  fileName?: string;
}

/** A run's computed outcome: output and credits, or the failure a FAILED run reports. */
export type RunProcessorResult =
  | { ok: true; output: Record<string, unknown>; credits: number }
  | { ok: false; failureReason: string; failureMessage: string };

/** `failureReason` of a run whose document has no text to read. */
export const NO_READABLE_TEXT = "NO_READABLE_TEXT";
/** `failureReason` of a run whose config is invalid (normally rejected earlier, with a 400). */
export const INVALID_CONFIG = "INVALID_CONFIG";

/**
 * Computes a run's output from the document text, deterministically. Fails when every page is blank (scans,
 * images and Office files have no text for the emulator: no OCR) or the config is invalid.
 */
export function runProcessor(input: RunProcessorInput): RunProcessorResult {
  const problem = validateProcessorConfig(input.type, input.config);
  if (problem !== null) return { ok: false, failureReason: INVALID_CONFIG, failureMessage: problem };
  if (hasNoReadableText(input.pages)) {
    return {
      ok: false,
      failureReason: NO_READABLE_TEXT,
      failureMessage:
        "The document has no readable text. The emulator reads text files and the text layer of PDFs; it does not " +
        "OCR scanned pages or images, or parse Office files.",
    };
  }
  const credits = runCredits(input.type, input.pages.length);
  const { config, pages } = input;
  switch (input.type) {
    case "EXTRACT": {
      const output = isRecord(config["schema"])
        ? extractWithSchema(config["schema"], pages)
        : extractWithLegacyFields(legacyFieldsFrom(config["fields"]), pages);
      return { ok: true, output: { ...output }, credits };
    }
    case "CLASSIFY":
      return {
        ok: true,
        output: { ...classifyPages(pages, classificationsFrom(config["classifications"])) },
        credits,
      };
    case "SPLITTER":
      return {
        ok: true,
        output: {
          ...splitPages(pages, classificationsFrom(config["splitClassifications"]), input.fileId ?? ""),
        },
        credits,
      };
  }
}
