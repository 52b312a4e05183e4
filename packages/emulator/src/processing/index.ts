export { type ClassifyOutput, classifyPages } from "./classify.js";
export { type ProcessorType, validateProcessorConfig } from "./config-validation.js";
export { type ContentFlags, type FileContentPage, type FileContents, fileContents } from "./contents.js";
export { FILE_CREDITS_PER_PAGE, fileCredits, RUN_CREDITS_PER_PAGE, runCredits } from "./credits.js";
export { DEFAULT_PROCESSOR_DEFINITIONS, type ProcessorDefinition } from "./default-processors.js";
export { type ExtractFieldMetadata, type ExtractOutput, extractWithSchema } from "./extract.js";
export { extractWithLegacyFields, type LegacyFieldOutput } from "./extract-fields-legacy.js";
export {
  detectFileType,
  type FileType,
  type OfficeKind,
  officeKind,
  SUPPORTED_EXTENSIONS,
} from "./file-types.js";
export { textToPages } from "./pages.js";
export {
  type ReadDocumentErrorCode,
  type ReadDocumentOptions,
  type ReadDocumentResult,
  readDocument,
} from "./read-document.js";
export {
  INVALID_CONFIG,
  NO_READABLE_TEXT,
  type RunProcessorInput,
  type RunProcessorResult,
  runProcessor,
} from "./run-processor.js";
export { type Split, type SplitterOutput, splitPages } from "./split.js";
