import type { RouteContext } from "../context.ts";
import { filesOrder, parseFileQuery } from "../list-query.ts";
import { encodePageToken } from "../page-token.ts";
import { jsonResponse } from "../respond.ts";

/**
 * GET /files (scope `files:read`): the files this tenant uploaded through the proxy, newest first unless
 * `sortDir=asc`, filtered by `nameContains`, in Extend's shape `{ success, files, nextPageToken }`. Items
 * carry no `presignedUrl` (it expires after 15 minutes): `GET /files/{id}` gives a fresh one.
 */
export async function listOwnFiles(ctx: RouteContext): Promise<Response> {
  const query = parseFileQuery(new URL(ctx.request.url).searchParams);
  const page = await ctx.store.listFiles(ctx.principal.tenant, query);
  return jsonResponse({
    success: true,
    files: page.items.map((file) => file.file),
    nextPageToken: page.next === null ? null : encodePageToken(filesOrder(query.sortDir), page.next),
  });
}
