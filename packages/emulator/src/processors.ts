import { badRequest } from "./errors.js";
import { randomId, stableId } from "./ids.js";
import type { ProcessorDefinition, ProcessorType } from "./options.js";
import { DEFAULT_PROCESSOR_DEFINITIONS, validateProcessorConfig } from "./processing/index.js";
import type { ProcessorRecord, ProcessorVersionRecord } from "./records.js";
import { isObject } from "./validation/json.js";

const TYPES: readonly ProcessorType[] = ["EXTRACT", "CLASSIFY", "SPLITTER"];

/** The processors a run can name: the three defaults plus registered ones. Survives `reset()`. */
export class ProcessorRegistry {
  private readonly byId = new Map<string, ProcessorRecord>();

  constructor(extra: readonly ProcessorDefinition[] = []) {
    for (const definition of DEFAULT_PROCESSOR_DEFINITIONS) this.register(definition);
    extra.forEach((definition, index) => {
      try {
        this.register(definition);
      } catch (error) {
        throw new TypeError(
          `processors[${index}]: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    });
  }

  get(id: string): ProcessorRecord | undefined {
    return this.byId.get(id);
  }

  all(): ProcessorRecord[] {
    return [...this.byId.values()];
  }

  /**
   * Registers (or replaces) a processor with a draft and a published `1.0` version. Throws a 400
   * ApiError naming the field when the definition is invalid.
   */
  register(input: unknown): ProcessorRecord {
    const definition = parseDefinition(input);
    const id = definition.id ?? randomId("dp_");
    const record: ProcessorRecord = {
      id,
      name: definition.name,
      type: definition.type,
      draft: version(id, "draft", definition.draftConfig ?? definition.config, definition.type),
      published: [version(id, "1.0", definition.config, definition.type)],
    };
    this.byId.set(id, record);
    return record;
  }

  /** Resolves `latest` (newest published, else draft), `draft`, or a published number; undefined if unknown. */
  resolveVersion(processor: ProcessorRecord, requested: string): ProcessorVersionRecord | undefined {
    if (requested === "latest") return processor.published[processor.published.length - 1] ?? processor.draft;
    if (requested === "draft") return processor.draft;
    return processor.published.find(
      (v) => v.version === requested || Number(v.version) === Number(requested),
    );
  }
}

/** The JSON form of a processor, as the admin API returns it. */
export function processorJson(processor: ProcessorRecord): Record<string, unknown> {
  const versionJson = (v: ProcessorVersionRecord) => ({
    object: "document_processor_version",
    id: v.id,
    processorId: processor.id,
    processorType: processor.type,
    version: v.version,
    config: v.config,
  });
  return {
    object: "document_processor",
    id: processor.id,
    name: processor.name,
    type: processor.type,
    versions: [versionJson(processor.draft), ...processor.published.map(versionJson)],
  };
}

function version(
  processorId: string,
  name: string,
  config: Record<string, unknown>,
  type: ProcessorType,
): ProcessorVersionRecord {
  return { id: stableId("dpv_", `${processorId}:${name}`), version: name, config: { ...config, type } };
}

function parseDefinition(input: unknown): ProcessorDefinition {
  if (!isObject(input)) throw badRequest("processor definition must be a JSON object");
  const { id, name, type, config, draftConfig } = input;
  if (id !== undefined && (typeof id !== "string" || id.length === 0))
    throw badRequest("id must be a non-empty string");
  if (typeof name !== "string" || name.length === 0)
    throw badRequest("name is required (a non-empty string)");
  if (typeof type !== "string" || !TYPES.includes(type as ProcessorType)) {
    throw badRequest(`type must be one of ${TYPES.join(", ")}`);
  }
  const processorType = type as ProcessorType;
  const checked = (field: string, value: unknown): Record<string, unknown> => {
    if (!isObject(value)) throw badRequest(`${field} must be an object`);
    if (value["type"] !== undefined && value["type"] !== processorType) {
      throw badRequest(`${field}.type must be ${processorType} to match the processor type`);
    }
    const full = { ...value, type: processorType };
    const problem = validateProcessorConfig(processorType, full);
    if (problem) throw badRequest(`${field}: ${problem}`);
    return full;
  };
  const definition: ProcessorDefinition = { name, type: processorType, config: checked("config", config) };
  if (typeof id === "string") definition.id = id;
  if (draftConfig !== undefined) definition.draftConfig = checked("draftConfig", draftConfig);
  return definition;
}
