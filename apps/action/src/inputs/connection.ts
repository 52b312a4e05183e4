/**
 * Where and what to call: the key, the API's base URL and version, and the processor.
 */
import { fail, quote, read } from "./input-error.js";
import { INPUT_DEFAULTS, type InputSource } from "./input-names.js";

/** The `api-key` input (never quoted: it is a secret). */
export function parseApiKey(source: InputSource, policy: MissingKeyPolicy = "fail"): string {
  const key = source.getInput("api-key").trim();
  // The value is never quoted: it is a secret.
  if (key === "" && policy !== "fail") return "";
  if (key === "") {
    fail(
      "api-key",
      "is required: pass an Extend API key or an extendkit proxy client token (for pull requests from forks, which get no secrets, set on-missing-api-key: skip or warn)",
    );
  }
  if (/\s/.test(key))
    fail("api-key", "must be a single token without spaces or line breaks (value not shown)");
  return key;
}

/** What to do when `api-key` is empty (pull requests from forks get no secrets). */
export type MissingKeyPolicy = "fail" | "skip" | "warn";

/** The `on-missing-api-key` input. */
export function parseMissingKeyPolicy(source: InputSource): MissingKeyPolicy {
  const value = read(source, "on-missing-api-key");
  if (value === "fail" || value === "skip" || value === "warn") return value;
  return fail("on-missing-api-key", "must be fail, skip or warn", value);
}

/** The `base-url` input, without a trailing slash. */
export function parseBaseUrl(source: InputSource, warnings: string[]): string {
  const value = read(source, "base-url");
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail("base-url", "must be an absolute http(s) URL such as https://api.extend.ai", value);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    fail("base-url", "must be an absolute http(s) URL such as https://api.extend.ai", value);
  }
  if (url.username || url.password) fail("base-url", "must not contain credentials (use api-key)");
  if (url.search || url.hash) fail("base-url", "must not have a query string or fragment", value);
  const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  if (url.protocol === "http:" && !loopback) {
    warnings.push(`base-url ${quote(value)} is plain http: the api-key is sent unencrypted.`);
  }
  return value.replace(/\/+$/, "");
}

/** The `api-version` input. */
export function parseApiVersion(source: InputSource, warnings: string[]): string {
  const value = read(source, "api-version");
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) fail("api-version", "must be a date like 2025-04-21", value);
  if (value !== INPUT_DEFAULTS["api-version"]) {
    warnings.push(
      `api-version ${value}: this action speaks the 2025-04-21 API shapes; other versions may answer differently.`,
    );
  }
  return value;
}

/** The `processor-id` input. */
export function parseProcessorId(source: InputSource): string {
  const value = source.getInput("processor-id").trim();
  if (value === "") fail("processor-id", "is required: the id of the Extend processor to run (dp_...)");
  if (!/^[^\s/?#%]{1,255}$/.test(value)) {
    fail(
      "processor-id",
      "must be a processor id such as dp_Xj8mK2pL9nR4vT7qY5wZ (no spaces or slashes)",
      value,
    );
  }
  return value;
}

/** The `processor-version` input. */
export function parseProcessorVersion(source: InputSource): string {
  const value = read(source, "processor-version");
  if (value === "latest" || value === "draft" || /^\d+(\.\d+)?$/.test(value)) return value;
  return fail(
    "processor-version",
    'must be "latest", "draft" or a published version number such as "1.0"',
    value,
  );
}
