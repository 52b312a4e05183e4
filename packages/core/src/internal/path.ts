import { UsageError } from "../errors.ts";

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
    // "." and ".." stay as they are when encoded (and "%2E%2E" is still ".." to a URL parser), so they
    // would climb out of the route.
    if (typeof id !== "string" || !id.trim() || id === "." || id === "..") {
      throw new UsageError(`Pass a non-empty id string (e.g. "dpr_..."), not ${JSON.stringify(id)}.`);
    }
    out += encodeURIComponent(id) + strings[i + 1];
  }
  return out;
}
