// Oversized, malformed and unexpected bodies, and metadata that tries to spoof the tenant or the
// server's usage tags.
import {
  bearer,
  createBody,
  type HostileCase,
  type HostileContext,
  JSON_TYPE,
  multipartUpload,
} from "./case.js";

function create(
  ctx: HostileContext,
  body: string | Uint8Array,
  token = ctx.tokens.b,
): HostileCase["request"] {
  return { method: "POST", target: "/processor_runs", headers: [bearer(token), JSON_TYPE], body };
}

/** Bodies the proxy must refuse with a 4xx. */
export function bodyCases(ctx: HostileContext): HostileCase[] {
  const tooBig = ctx.maxBodyBytes + 1024;
  const bigUpload = multipartUpload("big.txt", "x".repeat(tooBig));
  const cases: Array<[string, HostileCase["request"], readonly number[]]> = [
    ["create body over MAX_BODY_BYTES", create(ctx, createBody({ rawText: "x".repeat(tooBig) })), [413]],
    [
      "upload over MAX_BODY_BYTES",
      {
        method: "POST",
        target: "/files/upload",
        headers: [bearer(ctx.tokens.b), bigUpload.type],
        body: bigUpload.body,
      },
      [413],
    ],
    ["truncated JSON", create(ctx, '{"processorId":'), [400]],
    ["JSON null", create(ctx, "null"), [400]],
    ["JSON array", create(ctx, "[]"), [400]],
    ["JSON number", create(ctx, "42"), [400]],
    ["JSON string", create(ctx, '"dp_invoice_extractor"'), [400]],
    ["empty body", create(ctx, ""), [400]],
    ["20k-deep nesting", create(ctx, `${"[".repeat(20_000)}${"]".repeat(20_000)}`), [400]],
    ["invalid UTF-8", create(ctx, Uint8Array.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])), [400]],
    ["processorId missing", create(ctx, JSON.stringify({ rawText: "x" })), [400]],
    ["processorId of the wrong type", create(ctx, JSON.stringify({ processorId: 42, rawText: "x" })), [400]],
    ["processor outside the client's list", create(ctx, createBody(), ctx.tokens.classifierOnly), [403]],
    ["create without the runs:create scope", create(ctx, createBody(), ctx.tokens.readOnly), [403]],
    [
      "run on another tenant's file",
      create(ctx, JSON.stringify({ processorId: "dp_invoice_extractor", file: { fileId: ctx.ids.aFile } })),
      [404],
    ],
    [
      "upload as JSON",
      { method: "POST", target: "/files/upload", headers: [bearer(ctx.tokens.b), JSON_TYPE], body: "{}" },
      [400, 415],
    ],
    [
      "multipart without a file part",
      {
        method: "POST",
        target: "/files/upload",
        headers: [bearer(ctx.tokens.b), ["Content-Type", "multipart/form-data; boundary=zz"]],
        body: '--zz\r\nContent-Disposition: form-data; name="other"\r\n\r\nx\r\n--zz--\r\n',
      },
      [400],
    ],
    [
      "multipart with a broken boundary",
      {
        method: "POST",
        target: "/files/upload",
        headers: [bearer(ctx.tokens.b), ["Content-Type", "multipart/form-data; boundary=zz"]],
        body: "--yy\r\nnot a part\r\n",
      },
      [400],
    ],
  ];
  return cases.map(([name, request, expect]) => ({ category: "body", name, request, expect }));
}

/**
 * A streamed (chunked, no Content-Length) upload over MAX_BODY_BYTES: the proxy must stop reading and
 * answer 413. Send it LAST: wrangler dev's own front proxy (not workerd in production) answers the next
 * non-GET request after any worker that replies before reading a whole chunked body with 503 "Your worker
 * restarted mid-request" and stalls the next GET for tens of seconds — reproduced with a ten-line worker
 * that has nothing to do with extendkit, so it says nothing about the proxy under test.
 */
export function streamedOversizeCase(ctx: HostileContext): HostileCase {
  const chunk = "x".repeat(16 * 1024);
  const chunks = Math.ceil((ctx.maxBodyBytes + 1024) / chunk.length) + 1;
  return {
    category: "body",
    name: "chunked upload over MAX_BODY_BYTES (no Content-Length)",
    request: {
      method: "POST",
      target: "/files/upload",
      headers: [bearer(ctx.tokens.b), multipartUpload("c.txt", "").type, ["Transfer-Encoding", "chunked"]],
      body: `${`${chunk.length.toString(16)}\r\n${chunk}\r\n`.repeat(chunks)}0\r\n\r\n`,
      contentLength: false,
    },
    expect: [413],
  };
}

/** Metadata and usage-tag spoofing by tenant B. Accepted creates are checked against the emulator later. */
export function metadataCases(ctx: HostileContext): HostileCase[] {
  const refused: Array<[string, unknown]> = [
    ["reserved tenant key naming A", { "extendkit:tenant": ctx.tenants.a }],
    ["reserved tenant key in upper case", { "EXTENDKIT:TENANT": ctx.tenants.a }],
    [
      "reserved tenant key in mixed case beside a client key",
      { "Extendkit:Tenant": "x", "extendkit:file": "a" },
    ],
    ["usage tags not an array", { "extend:usage_tags": "free" }],
    ["usage tags not strings", { "extend:usage_tags": [1, 2] }],
    ["metadata an array", ["extendkit:tenant", ctx.tenants.a]],
    ["metadata a string", "extendkit:tenant"],
    ["metadata null", null],
  ];
  const accepted: Array<[string, unknown]> = [
    [
      "usage tags naming A's tenant and dropping the server's",
      { "extend:usage_tags": [`tenant-${ctx.tenants.a}`] },
    ],
    ["usage tags with special characters", { "extend:usage_tags": ["<script>", "a b", "x".repeat(500)] }],
    ["a client's own extendkit:* key (not the tenant)", { "extendkit:owner": ctx.tenants.a }],
    ["__proto__ carrying A's tenant", JSON.parse(`{"__proto__": {"extendkit:tenant": "${ctx.tenants.a}"}}`)],
    [
      "constructor.prototype pollution",
      { constructor: { prototype: { "extendkit:tenant": ctx.tenants.a } } },
    ],
  ];
  return [
    ...refused.map(
      ([name, metadata]): HostileCase => ({
        category: "metadata",
        name,
        request: create(ctx, createBody({ metadata })),
        expect: [400],
      }),
    ),
    ...accepted.map(
      ([name, metadata]): HostileCase => ({
        category: "metadata",
        name,
        request: create(ctx, createBody({ metadata })),
        expect: [200],
      }),
    ),
  ];
}
