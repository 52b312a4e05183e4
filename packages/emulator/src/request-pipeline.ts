import { authenticate } from "./auth.js";
import { ApiError, DroppedConnectionError } from "./errors.js";
import { redactHeaders } from "./journal.js";
import { limitCategory } from "./limits/plan-limiter.js";
import { rateLimitError } from "./limits/rate-limit-error.js";
import type { FaultRule } from "./options.js";
import { errorResponse, jsonResponse, newRequestId } from "./responses.js";
import type { RouteContext, Router } from "./router.js";
import { iso } from "./serialize.js";
import type { EmulatorServices } from "./services.js";

/**
 * One request through the emulator: admin routes go straight to their handler; API routes pass
 * fault injection, routing, auth and version checks, the handler, and the journal.
 */
export async function handleRequest(
  request: Request,
  router: Router,
  services: EmulatorServices,
  isClosed: () => boolean,
): Promise<Response> {
  const url = new URL(request.url);
  const requestId = newRequestId();
  const ctx: RouteContext = { request, url, origin: url.origin, params: {}, requestId, note: {} };
  if (url.pathname === "/_emulator" || url.pathname.startsWith("/_emulator/")) {
    return dispatch(ctx, router, undefined);
  }
  return abortable(request.signal, async () => {
    const seq = services.journal.arrive();
    const arrivedAt = services.clock.now();
    const fault = services.faults.match(request.method, url.pathname);
    if (fault?.delayMs) await sleep(fault.delayMs, request.signal);
    const failsResponse =
      fault !== undefined && (fault.status !== undefined || fault.drop || fault.malformed);
    let response: Response | undefined;
    if (!failsResponse || fault?.afterHandling) response = await dispatch(ctx, router, services);
    const entry = {
      seq,
      at: iso(arrivedAt),
      requestId,
      method: request.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: redactHeaders(request.headers),
      ...ctx.note,
      ...(fault ? { fault: faultLabel(fault) } : {}),
    };
    if (failsResponse && fault) {
      await response?.body?.cancel();
      if (fault.drop) {
        services.journal.record({ ...entry, status: 0 });
        throw new DroppedConnectionError();
      }
      if (fault.malformed) {
        services.journal.record({ ...entry, status: 200 });
        return new Response('{"success":true,"processorRun":{"id":"dpr_', {
          status: 200,
          headers: { "content-type": "application/json", "x-request-id": requestId },
        });
      }
      const status = fault.status ?? 500;
      services.journal.record({ ...entry, status });
      return injectedError(status, fault, requestId);
    }
    const final = response ?? errorResponse(500, "INTERNAL_ERROR", "No response", requestId);
    if (!isClosed()) services.journal.record({ ...entry, status: final.status });
    return final;
  });
}

async function dispatch(
  ctx: RouteContext,
  router: Router,
  api: EmulatorServices | undefined,
): Promise<Response> {
  try {
    const { handler, params } = router.match(ctx.request.method, ctx.url.pathname);
    ctx.params = params;
    if (api) admitRequest(ctx, api, authenticate(ctx.request, api.settings.apiKeys));
    const result = await handler(ctx);
    return result instanceof Response
      ? withRequestId(result, ctx.requestId)
      : jsonResponse(result, ctx.requestId);
  } catch (error) {
    if (error instanceof ApiError) {
      return errorResponse(error.status, error.code, error.message, ctx.requestId, error.headers);
    }
    console.error("extendkit-emulator: unexpected error", error);
    return errorResponse(500, "INTERNAL_ERROR", "Internal emulator error", ctx.requestId);
  }
}

/** Takes a token from the key's bucket for this request's category, or refuses it with a 429. */
function admitRequest(ctx: RouteContext, api: EmulatorServices, apiKey: string): void {
  const { limiter } = api;
  const quota = limiter.quotaFor(apiKey);
  if (quota) ctx.quota = quota;
  const category = limitCategory(ctx.request.method, ctx.url.pathname);
  const waitMs = limiter.admit(quota, category, api.clock.now());
  if (waitMs === undefined) return;
  ctx.note.rateLimited = category;
  throw rateLimitError(
    `Rate limit exceeded: at most ${limiter.limits?.rates[category]} ${category.toUpperCase()} requests per second per API key`,
    waitMs,
  );
}

function withRequestId(response: Response, requestId: string): Response {
  response.headers.set("x-request-id", requestId);
  return response;
}

const FAULT_MESSAGES: Record<number, [ConstructorParameters<typeof ApiError>[1], string]> = {
  429: ["RATE_LIMIT_EXCEEDED", "Too many requests (injected fault)"],
  500: ["INTERNAL_ERROR", "Internal server error (injected fault)"],
  502: ["BAD_GATEWAY", "Bad gateway (injected fault)"],
  503: ["SERVICE_UNAVAILABLE", "Service unavailable (injected fault)"],
};

function injectedError(status: number, fault: FaultRule, requestId: string): Response {
  const [code, message] = FAULT_MESSAGES[status] ?? FAULT_MESSAGES[500]!;
  const headers: Record<string, string> = {};
  if (fault.retryAfterSeconds !== undefined) headers["retry-after"] = String(fault.retryAfterSeconds);
  else if (status === 429) headers["retry-after"] = "1";
  return errorResponse(status, code, message, requestId, headers);
}

function faultLabel(fault: FaultRule): string {
  const parts: string[] = [];
  if (fault.delayMs) parts.push(`delay:${fault.delayMs}`);
  if (fault.status !== undefined) parts.push(`status:${fault.status}`);
  if (fault.drop) parts.push("drop");
  if (fault.malformed) parts.push("malformed");
  const label = parts.join(",");
  return fault.afterHandling && (fault.status !== undefined || fault.drop || fault.malformed)
    ? `${label}(afterHandling)`
    : label;
}

/** Real-time sleep that rejects like fetch when the request's signal aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    function onAbort() {
      clearTimeout(timer);
      reject(signal.reason);
    }
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** Runs `work`, rejecting with the signal's reason if the caller aborts first (as fetch does). */
function abortable<T>(signal: AbortSignal, work: () => Promise<T>): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    work().then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
