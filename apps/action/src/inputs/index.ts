export { type ActionConfig, parseInputs } from "./action-config.js";
export type { NoFilesPolicy } from "./files-input.js";
export { InputError } from "./input-error.js";
export { INPUT_DEFAULTS, INPUT_NAMES, type InputName, type InputSource } from "./input-names.js";
export { automaticTags } from "./metadata.js";
export { type ConfigType, type JsonRecord, PROCESSOR_TYPES, type RunConfig } from "./run-config.js";
