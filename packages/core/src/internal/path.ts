import { UsageError } from "../errors.js";

/**
 * Builds an API path from a template, percent-encoding every interpolated id so that an id can never
 * change the route (`../`, `?`, `#`). Empty or non-string ids fail before any request is made.
 *
 * @example path`/processor_runs/${id}/cancel`
 */
export function path(strings: TemplateStringsArray, ...ids: string[]): string {
  let out = strings[0] as string;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (typeof id !== "string" || !id.trim()) {
      throw new UsageError(`Pass a non-empty id string (e.g. "dpr_..."), not ${JSON.stringify(id)}.`);
    }
    out += encodeURIComponent(id) + strings[i + 1];
  }
  return out;
}
