// What a cassette must never hold: API keys, and the query strings of presigned URLs (they are
// credentials for the file until they expire). Request headers are never recorded at all; these
// functions clean the bodies that are.
import { mapJsonStrings } from "./json-strings.js";

/**
 * Query parameters that make a URL a credential: AWS SigV4/SigV2 (`X-Amz-*`, `Signature`,
 * `AWSAccessKeyId`, `Expires`), Google Cloud Storage (`X-Goog-*`), Azure SAS (`sig`, `se`, `sp`, `sv`),
 * CloudFront (`Policy`, `Key-Pair-Id`) and bearer-style tokens.
 */
const SIGNING_PARAM =
  /^(x-amz-.*|x-goog-.*|signature|sig|se|sp|sv|expires|awsaccesskeyid|policy|key-pair-id|token|access_token)$/i;

const URL_IN_TEXT = /https?:\/\/[^\s"'<>]+/g;

/** The placeholder that replaces a secret. */
export const REDACTED = "[redacted]";

/** True when a URL's query carries a signature or token. */
export function isSignedUrl(url: URL): boolean {
  for (const name of url.searchParams.keys()) if (SIGNING_PARAM.test(name)) return true;
  return false;
}

/**
 * The URL without its query and fragment when the query signs it (a presigned URL); other URLs are
 * returned unchanged, since their query may be what tells two documents apart.
 */
export function withoutSignature(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return text;
  }
  if (!isSignedUrl(url)) return text;
  url.search = "";
  url.hash = "";
  return url.href;
}

/** A string with every secret replaced and every presigned URL in it cut before its query. */
export function scrubText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets)
    if (secret !== "" && out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out.includes("://") ? out.replace(URL_IN_TEXT, withoutSignature) : out;
}

/** A deep copy of a JSON value with {@link scrubText} applied to every string (keys included). */
export function scrubJson<T>(value: T, secrets: readonly string[]): T {
  return mapJsonStrings(value, (text) => scrubText(text, secrets), true);
}
