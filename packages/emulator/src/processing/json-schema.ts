/** A JSON Schema node as Extend configs write them (only the keys the emulator reads). */
export type SchemaNode = Record<string, unknown>;

/** True for a plain (non-array, non-null) object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The declared types of a node: `"string"` → ["string"], `["string","null"]` as is; [] when absent. */
export function schemaTypes(node: SchemaNode): string[] {
  const type = node["type"];
  if (typeof type === "string") return [type];
  if (Array.isArray(type)) return type.filter((t): t is string => typeof t === "string");
  return [];
}

/** The node's non-null type ("object", "string", …) or null when it declares none. */
export function primaryType(node: SchemaNode): string | null {
  return schemaTypes(node).find((t) => t !== "null") ?? null;
}

/** The node's `properties` as [name, node] pairs, skipping non-object entries. */
export function schemaProperties(node: SchemaNode): Array<[string, SchemaNode]> {
  const properties = node["properties"];
  if (!isRecord(properties)) return [];
  return Object.entries(properties).filter((entry): entry is [string, SchemaNode] => isRecord(entry[1]));
}
