import { checkDeclaredLength, limitStream, readLimitedBody } from "../body-limit.ts";
import type { RouteContext } from "../context.ts";
import { notFound, ProxyError } from "../errors.ts";
import type { FileOwnership } from "../file-ownership.ts";
import { fingerprintOf, idempotencyKeyOf, runIdempotently, upstreamIdempotencyKey } from "../idempotency.ts";
import { readUpstream, relay, type UpstreamResult } from "../respond.ts";

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
 * upstream through a counter that aborts the upload as soon as the limit is passed. With an
 * `Idempotency-Key` the body is read first (to fingerprint it) and the upload runs at most once per key.
 */
export async function uploadFile(ctx: RouteContext, files: FileOwnership): Promise<Response> {
  const { request, config } = ctx;
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\s*;/i.test(contentType) || !/\bboundary=/i.test(contentType)) {
    throw new ProxyError(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type must be multipart/form-data");
  }
  const key = idempotencyKeyOf(request);
  if (key !== null) {
    const bytes = await readLimitedBody(request, config.maxBodyBytes);
    const query = booleanFlags(request, ["convertToPdf"]);
    const fingerprint = await fingerprintOf([
      "POST /files/upload",
      query.toString(),
      await formFingerprint(bytes, contentType),
    ]);
    return runIdempotently(ctx, key, fingerprint, async () => {
      const response = await ctx.upstream.send({
        method: "POST",
        path: "/files/upload",
        query,
        body: bytes,
        contentType,
        idempotencyKey: await upstreamIdempotencyKey(ctx.principal.tenant, key),
      });
      return recordUpload(ctx, files, await readUpstream(ctx.upstream, response, ctx.state));
    });
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
  return recordUpload(ctx, files, result);
}

/** Records an accepted upload as the tenant's file (ownership and listing), then relays the answer. */
async function recordUpload(
  ctx: RouteContext,
  files: FileOwnership,
  result: UpstreamResult,
): Promise<Response> {
  const file = result.json?.["file"];
  if (result.ok && typeof file === "object" && file !== null) {
    await files.record(ctx.principal.tenant, file as Record<string, unknown>);
  }
  return relay(result);
}

/**
 * What a multipart upload carries, independent of its boundary (a client's retry re-encodes the form
 * with a new one): each part's name, and its text or its file name, type and SHA-256. A body that does
 * not parse as a form is fingerprinted as raw bytes (upstream will refuse it anyway).
 */
async function formFingerprint(bytes: Uint8Array<ArrayBuffer>, contentType: string): Promise<string> {
  try {
    const form = await new Response(bytes, { headers: { "content-type": contentType } }).formData();
    const parts: string[] = [];
    for (const [name, value] of form) {
      if (typeof value === "string") parts.push(`${name}=${value}`);
      else
        parts.push(
          `${name}:${value.name}:${value.type}:${await digestHex(new Uint8Array(await value.arrayBuffer()))}`,
        );
    }
    return parts.join("\n");
  } catch {
    return `raw:${await digestHex(bytes)}`;
  }
}

async function digestHex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** DELETE /files/:id (scope `files:delete`): only this tenant's files; the record goes with the file. */
export async function deleteFile(ctx: RouteContext, files: FileOwnership): Promise<Response> {
  const id = ctx.id!;
  const tenant = ctx.principal.tenant;
  if (!(await files.owns(tenant, id))) throw notFound("File");
  const response = await ctx.upstream.send({ method: "DELETE", path: `/files/${id}` });
  const result = await readUpstream(ctx.upstream, response, ctx.state);
  if (result.ok || result.status === 404) await files.forget(tenant, id);
  if (result.status === 404) throw notFound("File");
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
