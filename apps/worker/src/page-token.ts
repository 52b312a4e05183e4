import { decodeBase64Url, encodeBase64Url } from "./base64url.ts";
import { ProxyError } from "./errors.ts";
import type { PageCursor } from "./state/store.ts";
import { decodeUtf8Strict } from "./utf8.ts";

/** What a `nextPageToken` carries: the order it belongs to and where its page ended. */
interface TokenBody {
  /** Which list and order (`runs:updatedAt:desc`), so a token is never read under another order. */
  o: string;
  v: string;
  i: string;
}

function invalid(): ProxyError {
  return new ProxyError(
    400,
    "INVALID_REQUEST",
    "nextPageToken is invalid: pass the nextPageToken of a previous list response",
  );
}

/** An opaque token for the page after `cursor` in the order `order`. */
export function encodePageToken(order: string, cursor: PageCursor): string {
  const body: TokenBody = { o: order, v: cursor.value, i: cursor.id };
  return encodeBase64Url(JSON.stringify(body));
}

/** The cursor in a token from {@link encodePageToken} for the same order; 400 for anything else. */
export function decodePageToken(order: string, token: string): PageCursor {
  const bytes = decodeBase64Url(token);
  let body: Partial<TokenBody>;
  try {
    if (bytes === null) throw invalid();
    body = JSON.parse(decodeUtf8Strict(bytes)) as Partial<TokenBody>;
  } catch {
    throw invalid();
  }
  if (body.o !== order || typeof body.v !== "string" || typeof body.i !== "string") throw invalid();
  return { value: body.v, id: body.i };
}
