import { ApiError } from "./errors.js";
import type { KeyQuota } from "./limits/plan-limiter.js";
import type { LimitCategory } from "./limits/plans.js";

/** Per-request values handed to a route handler. */
export interface RouteContext {
  request: Request;
  url: URL;
  /** The emulator's base URL as the client reached it (for presigned URLs). */
  origin: string;
  params: Record<string, string>;
  requestId: string;
  /** Filled by create handlers so the journal can show what a request created. */
  note: { runId?: string; fileId?: string; fileName?: string; rateLimited?: LimitCategory | "files" };
  /** The plan quota of the request's API key; absent when limits are off (or on admin routes). */
  quota?: KeyQuota;
}

/** A route handler: returns the response body (sent as 200 JSON) or a full Response. */
export type RouteHandler = (ctx: RouteContext) => Promise<unknown> | unknown;

interface Route {
  method: string;
  segments: string[];
  handler: RouteHandler;
}

/** Path-segment router with `:param` segments; tells 404 (no such path) from 405 (wrong method). */
export class Router {
  private readonly routes: Route[] = [];

  on(method: string, pattern: string, handler: RouteHandler): this {
    this.routes.push({ method, segments: pattern.split("/").filter(Boolean), handler });
    return this;
  }

  /** The matching handler and params; throws 404/405 ApiErrors when nothing matches. */
  match(method: string, path: string): { handler: RouteHandler; params: Record<string, string> } {
    const parts = path.split("/").filter(Boolean);
    const allowed = new Set<string>();
    for (const route of this.routes) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      if (route.method === method || (method === "HEAD" && route.method === "GET")) {
        return { handler: route.handler, params };
      }
      allowed.add(route.method);
    }
    if (allowed.size > 0) {
      throw new ApiError(405, "METHOD_NOT_ALLOWED", `Method ${method} is not allowed on ${path}`, {
        allow: [...allowed].join(", "),
      });
    }
    throw new ApiError(404, "NOT_FOUND", `No route for ${method} ${path}`);
  }
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const want = pattern[i]!;
    const have = parts[i]!;
    if (want.startsWith(":")) {
      try {
        params[want.slice(1)] = decodeURIComponent(have);
      } catch {
        return undefined;
      }
    } else if (want !== have) return undefined;
  }
  return params;
}
