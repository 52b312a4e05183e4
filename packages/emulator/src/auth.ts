import { ApiError, badRequest } from "./errors.js";
import { API_VERSION } from "./options.js";

const VERSION_HEADER = "x-extend-api-version";

/**
 * Checks `Authorization: Bearer <key>` (401) and then `x-extend-api-version` (400 naming the
 * header; an unsupported value gets a 400 listing the supported version). Returns the key.
 */
export function authenticate(request: Request, apiKeys: ReadonlySet<string>): string {
  const header = request.headers.get("authorization");
  if (!header) {
    throw new ApiError(
      401,
      "UNAUTHORIZED",
      "Missing Authorization header: send Authorization: Bearer <API key>",
    );
  }
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  const key = match?.[1]?.trim();
  if (key === undefined || !apiKeys.has(key)) {
    throw new ApiError(401, "UNAUTHORIZED", "Invalid API key in the Authorization header");
  }
  const version = request.headers.get(VERSION_HEADER);
  if (version === null || version.trim() === "") {
    throw badRequest(`Missing required header ${VERSION_HEADER}: send ${VERSION_HEADER}: ${API_VERSION}`);
  }
  if (version.trim() !== API_VERSION) {
    throw badRequest(`Unsupported ${VERSION_HEADER} "${version}": supported versions are ${API_VERSION}`);
  }
  return key;
}
