import { jsonResponse } from "../respond.ts";

/**
 * GET /healthz: no authentication and nothing about the configuration, only that this proxy answers with a
 * valid configuration (a misconfigured proxy answers every route, this one included, with an opaque 500).
 */
export function healthz(): Response {
  return jsonResponse({ success: true, status: "ok" });
}
