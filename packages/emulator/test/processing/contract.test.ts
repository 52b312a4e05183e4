import { describe, expectTypeOf, it } from "vitest";
import {
  DEFAULT_PROCESSOR_DEFINITIONS,
  detectFileType,
  type FileType,
  fileContents,
  fileCredits,
  type ReadDocumentOptions,
  readDocument,
  runProcessor,
  textToPages,
  validateProcessorConfig,
} from "../../src/processing/index.js";

type ProcessorType = "EXTRACT" | "CLASSIFY" | "SPLITTER";

// The signatures the rest of the emulator codes against (the processing contract). The assertions are checked
// by the type checker (`pnpm typecheck` covers tests): a changed signature fails it.
describe("processing contract", () => {
  it("keeps the agreed signatures", () => {
    expectTypeOf<FileType>().toEqualTypeOf<
      "PDF" | "CSV" | "IMG" | "TXT" | "DOCX" | "EXCEL" | "XML" | "HTML"
    >();
    expectTypeOf(detectFileType).toEqualTypeOf<(fileName: string, mediaType?: string) => FileType | null>();
    expectTypeOf(readDocument).parameters.toEqualTypeOf<
      [bytes: Uint8Array, fileName: string, mediaType?: string, options?: ReadDocumentOptions]
    >();
    expectTypeOf(readDocument).returns.resolves.toEqualTypeOf<
      | { ok: true; fileType: FileType; pages: string[]; pageCount: number }
      | {
          ok: false;
          code: "FILE_TYPE_NOT_SUPPORTED" | "CORRUPT_FILE" | "PASSWORD_PROTECTED_FILE";
          message: string;
        }
    >();
    expectTypeOf(textToPages).toEqualTypeOf<(text: string) => string[]>();
    expectTypeOf(validateProcessorConfig).toEqualTypeOf<
      (type: ProcessorType, config: unknown) => string | null
    >();
    expectTypeOf(runProcessor).parameter(0).toEqualTypeOf<{
      type: ProcessorType;
      config: Record<string, unknown>;
      pages: string[];
      fileId?: string;
      fileName?: string;
    }>();
    expectTypeOf(runProcessor).returns.toEqualTypeOf<
      | { ok: true; output: Record<string, unknown>; credits: number }
      | { ok: false; failureReason: string; failureMessage: string }
    >();
    expectTypeOf(fileContents).returns.toExtend<Record<string, unknown>>();
    expectTypeOf(fileContents)
      .parameter(2)
      .toEqualTypeOf<{ rawText?: boolean; markdown?: boolean; html?: boolean }>();
    expectTypeOf(fileCredits).toEqualTypeOf<(pageCount: number) => number>();
    expectTypeOf(DEFAULT_PROCESSOR_DEFINITIONS).toExtend<
      Array<{ id: string; name: string; type: ProcessorType; config: Record<string, unknown> }>
    >();
  });
});
