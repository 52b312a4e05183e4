import { checkDeclaredLength, limitStream } from "../body-limit.ts";
import type { RouteContext } from "../context.ts";
import { notFound, ProxyError } from "../errors.ts";
import type { FileOwnership } from "../file-ownership.ts";
import { readUpstream, relay } from "../respond.ts";
import { ID_PATTERN } from "../routes.ts";

const BOOLEAN = /^(true|false)$/;

/** Copies only known boolean flags from the client's query; everything else is dropped. */
function booleanFlags(request: Request, names: readonly string[]): URLSearchParams {
  const from = new URL(request.url).searchParams;
  const query = new URLSearchParams();
  for (const name of names) {
    const value = from.get(name);
    if (value === null) continue;
    if (!BOOLEAN.test(value)) throw new ProxyError(400, "INVALID_REQUEST", `${name} must be true or false`);
    query.set(name, value);
  }
  return query;
}

/**
 * POST /files/upload: refuses by Content-Length before reading, then streams the multipart body
 * upstream through a counter that aborts the upload as soon as the limit is passed.
 */
export async function uploadFile(ctx: RouteContext, files: FileOwnership): Promise<Response> {
  const { request, config } = ctx;
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\s*;/i.test(contentType) || !/\bboundary=/i.test(contentType)) {
    throw new ProxyError(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type must be multipart/form-data");
  }
  checkDeclaredLength(request, config.maxBodyBytes);
  if (request.body === null) throw new ProxyError(400, "INVALID_REQUEST", "A file is required");
  const limited = limitStream(request.body, config.maxBodyBytes);
  let response: Response;
  try {
    response = await ctx.upstream.send({
      method: "POST",
      path: "/files/upload",
      query: booleanFlags(request, ["convertToPdf"]),
      body: limited.stream,
      contentType,
      signal: limited.signal,
    });
  } catch (error) {
    if (limited.exceeded()) throw limited.error();
    throw error;
  }
  const result = await readUpstream(ctx.upstream, response, ctx.state);
  // The upstream may have answered before noticing the truncated stream; the limit still wins.
  if (limited.exceeded()) throw limited.error();
  const file = result.json?.["file"] as { id?: unknown } | undefined;
  if (result.ok && typeof file?.id === "string" && ID_PATTERN.test(file.id)) {
    await files.record(ctx.principal.tenant, file.id);
  }
  return relay(result);
}

/** GET /files/:id: only files this tenant uploaded through the proxy. */
export async function getFile(ctx: RouteContext, files: FileOwnership): Promise<Response> {
  const id = ctx.id!;
  if (!(await files.owns(ctx.principal.tenant, id))) throw notFound("File");
  const response = await ctx.upstream.send({
    method: "GET",
    path: `/files/${id}`,
    query: booleanFlags(ctx.request, ["rawText", "markdown", "html"]),
  });
  const result = await readUpstream(ctx.upstream, response, ctx.state);
  if (result.status === 404) throw notFound("File");
  return relay(result);
}
