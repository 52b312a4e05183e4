import { badRequest } from "../errors.js";

/** True for a plain JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Reads a JSON object body. An empty body counts as `{}` so body-less POSTs need no content type;
 * malformed JSON or a non-object is a 400.
 */
export async function readJsonObject(request: Request): Promise<Record<string, unknown>> {
  const text = await request.text();
  if (text.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw badRequest("Request body is not valid JSON");
  }
  if (!isObject(parsed)) throw badRequest("Request body must be a JSON object");
  return parsed;
}
