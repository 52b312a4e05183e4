// Route escapes with a valid token: traversal (plain and encoded), the emulator's admin routes,
// absolute and protocol-relative targets, unknown paths, odd methods and hostile headers.
import { bearer, createBody, type HostileCase, type HostileContext, JSON_TYPE, NOT_ROUTED } from "./case.js";

/** Paths outside the allowlist: 404 (or 405 where the path exists for another method). */
export function pathCases(ctx: HostileContext): HostileCase[] {
  const aRun = ctx.ids.aRuns[0]!;
  const targets: Array<[string, string, string]> = [
    ["encoded dot-dot", "GET", "/processor_runs/%2e%2e/files/x"],
    ["upper-case encoded dot-dot to admin", "POST", "/processor_runs/%2E%2E%2F_emulator%2Freset"],
    ["encoded slashes to admin", "POST", "/processor_runs/..%2f..%2f_emulator%2freset"],

    ["emulator reset", "POST", "/_emulator/reset"],
    ["emulator faults", "POST", "/_emulator/faults"],
    ["emulator journal", "GET", "/_emulator/requests"],
    ["emulator health", "GET", "/_emulator/health"],
    ["emulator usage", "GET", "/_emulator/usage"],
    ["protocol-relative", "GET", "//evil.example/processor_runs"],
    ["backslash host", "GET", "/\\evil.example/processor_runs"],
    ["backslash traversal", "GET", "/processor_runs\\..\\_emulator\\requests"],

    ["encoded slash in the route", "GET", `/processor_runs%2f${aRun}`],
    ["NUL in the id", "GET", `/processor_runs/${aRun}%00`],
    ["trailing slash", "GET", "/processor_runs/"],
    ["empty id segment", "POST", "/processor_runs//cancel"],
    ["extra segment after upload", "POST", "/files/upload/extra"],
    ["batch runs without id", "GET", "/batch_processor_runs"],
    ["version prefix", "GET", "/v1/processor_runs"],
    ["upper-case route", "GET", "/PROCESSOR_RUNS"],
    ["matrix parameter", "GET", "/processor_runs;jsessionid=1"],
    ["emoji id", "GET", "/processor_runs/dpr_%F0%9F%92%A9"],
    ["256-character id", "GET", `/processor_runs/${"d".repeat(256)}`],
    ["extra segment after cancel", "POST", `/processor_runs/${aRun}/cancel/extra`],
    ["processors listing", "GET", "/processors"],
    ["processor details", "GET", "/processors/dp_invoice_extractor"],
    ["workflows", "GET", "/workflows"],

    ["root", "GET", "/"],
    ["deep path", "GET", `/${"a/".repeat(2000)}`],
    ["/etc/passwd", "GET", "/%2e%2e/%2e%2e/etc/passwd"],
    ["double-encoded traversal", "GET", "/processor_runs/%252e%252e/_emulator/requests"],
  ];
  const request = (method: string, target: string) => ({
    method,
    target,
    headers: method === "POST" ? [bearer(ctx.tokens.a), JSON_TYPE] : [bearer(ctx.tokens.a)],
    ...(method === "POST" ? { body: JSON.stringify({ rules: [{ status: 500 }] }) } : {}),
  });
  const cases: HostileCase[] = targets.map(([name, method, target]) => ({
    category: "path",
    name,
    request: request(method, target),
    expect: NOT_ROUTED,
  }));
  // Dot segments (plain, or `.%2e` which URL parsing treats alike) resolve before routing: each must get
  // exactly what its resolved path gets — an allowlisted route with the same checks, or a 404.
  const resolved: Array<[string, string, string, string]> = [
    ["dot-dot into another route", "GET", "/processor_runs/../files/upload", "/files/upload"],
    [
      "mixed dot and encoded dot to admin",
      "GET",
      "/processor_runs/.%2e/_emulator/requests",
      "/_emulator/requests",
    ],
    [
      "traversal after an id to admin",
      "GET",
      `/processor_runs/${aRun}/../../_emulator/requests`,
      "/_emulator/requests",
    ],
    [
      "webhook path traversal into create",
      "POST",
      "/webhooks/extend/../../processor_runs",
      "/processor_runs",
    ],
    [
      "traversal out of the root",
      "GET",
      "/../../../processor_runs/dpr_nonexistent",
      "/processor_runs/dpr_nonexistent",
    ],
  ];
  for (const [name, method, target, equivalent] of resolved) {
    cases.push({
      category: "path",
      name,
      request: request(method, target),
      sameAs: request(method, equivalent),
    });
  }
  // Absolute-form targets: the proxy has one fixed upstream, so naming another host changes nothing.
  // (workerd refuses absolute-form targets itself under wrangler dev; if the worker ever sees one it
  // must still only answer for its own allowlist.)
  for (const host of ["http://evil.example", `http://127.0.0.1:${ctx.emulatorPort}`]) {
    cases.push({
      category: "path",
      name: `absolute-form target ${host} to the emulator admin`,
      request: { method: "GET", target: `${host}/_emulator/requests`, headers: [bearer(ctx.tokens.a)] },
      expect: NOT_ROUTED,
      runtimeRefusal: [500],
    });
    cases.push({
      category: "path",
      name: `absolute-form target ${host} (allowlisted path)`,
      request: {
        method: "GET",
        target: `${host}/processor_runs/dpr_nonexistent`,
        headers: [bearer(ctx.tokens.a)],
      },
      expect: [404],
      runtimeRefusal: [500],
    });
  }
  return cases;
}

/** Methods that no route accepts. */
export function methodCases(ctx: HostileContext): HostileCase[] {
  const aRun = ctx.ids.aRuns[0]!;
  // The last column: statuses workerd itself may answer with before the worker runs (501 for methods
  // its HTTP parser does not know, 500 for CONNECT, which workers cannot receive).
  const list: Array<[string, string, readonly number[] | undefined, readonly number[] | undefined]> = [
    ["PUT", "/processor_runs", NOT_ROUTED, undefined],
    ["PATCH", `/processor_runs/${aRun}`, NOT_ROUTED, undefined],
    ["POST", `/processor_runs/${aRun}`, NOT_ROUTED, undefined],
    ["GET", `/processor_runs/${aRun}/cancel`, NOT_ROUTED, undefined],
    ["GET", "/files/upload", NOT_ROUTED, undefined],
    ["DELETE", "/processor_runs", NOT_ROUTED, undefined],
    ["OPTIONS", "/processor_runs", NOT_ROUTED, undefined],
    ["TRACE", "/processor_runs", undefined, [501]],
    ["TRACK", "/processor_runs", undefined, [501]],
    ["PROPFIND", "/processor_runs", undefined, [501]],
    ["FOO", `/processor_runs/${aRun}`, undefined, [501]],
    ["get", `/processor_runs/${aRun}`, undefined, [501]],
    ["CONNECT", `127.0.0.1:${ctx.emulatorPort}`, undefined, [500]],
  ];
  return list.map(([method, target, expect, runtimeRefusal]) => ({
    category: "method",
    name: `${method} ${target.slice(0, 60)}`,
    request: { method, target, headers: [bearer(ctx.tokens.a)] },
    ...(expect ? { expect } : {}),
    ...(runtimeRefusal ? { runtimeRefusal } : {}),
    // Whatever the status, an odd method must never succeed.
    check: (response) =>
      response.status >= 200 && response.status < 300 ? "an odd method succeeded" : undefined,
  }));
}

/** Hostile headers on otherwise valid requests. */
export function headerCases(ctx: HostileContext): HostileCase[] {
  const aRun = ctx.ids.aRuns[0]!;
  const bReadsA = { method: "GET", target: `/processor_runs/${aRun}` };
  const noCorsFor = (origin: string) => (response: { headers: Map<string, string> }) =>
    response.headers.get("access-control-allow-origin") === origin ? `CORS allowed ${origin}` : undefined;
  return [
    {
      category: "header",
      name: "tenant header spoofed by B",
      request: { ...bReadsA, headers: [bearer(ctx.tokens.b), ["X-Extendkit-Tenant", ctx.tenants.a]] },
      expect: [404],
    },
    {
      category: "header",
      name: "forwarded headers spoofed by B",
      request: {
        ...bReadsA,
        headers: [
          bearer(ctx.tokens.b),
          ["X-Forwarded-For", "127.0.0.1"],
          ["X-Forwarded-Host", "admin.internal"],
        ],
      },
      expect: [404],
    },
    {
      category: "header",
      name: "B's token then A's token in two Authorization headers",
      request: { ...bReadsA, headers: [bearer(ctx.tokens.b), bearer(ctx.tokens.a)] },
      expect: [401, 404],
    },
    {
      category: "header",
      name: "Host header of another site",
      request: {
        method: "GET",
        target: `/processor_runs/${aRun}`,
        headers: [["Host", "evil.example"], bearer(ctx.tokens.a)],
      },
    },
    {
      category: "header",
      name: "legacy API version header",
      request: {
        method: "GET",
        target: `/processor_runs/${aRun}`,
        headers: [bearer(ctx.tokens.a), ["x-extend-api-version", "1999-01-01"]],
      },
    },
    {
      category: "header",
      name: "32 KiB header",
      request: {
        method: "GET",
        target: `/processor_runs/${aRun}`,
        headers: [bearer(ctx.tokens.a), ["X-Big", "x".repeat(32 * 1024)]],
      },
    },
    {
      category: "header",
      name: "200 headers",
      request: {
        method: "GET",
        target: `/processor_runs/${aRun}`,
        headers: [
          bearer(ctx.tokens.a),
          ...Array.from({ length: 200 }, (_, i): [string, string] => [`X-H${i}`, "v"]),
        ],
      },
    },
    {
      category: "header",
      name: "form-encoded create",
      request: {
        method: "POST",
        target: "/processor_runs",
        headers: [bearer(ctx.tokens.a), ["Content-Type", "application/x-www-form-urlencoded"]],
        body: "processorId=dp_invoice_extractor&rawText=x",
      },
      check: (response) => (response.status < 400 ? "a form-encoded create was accepted" : undefined),
    },
    {
      category: "header",
      name: "Content-Length and chunked together (smuggling)",
      request: {
        method: "POST",
        target: "/processor_runs",
        headers: [bearer(ctx.tokens.a), JSON_TYPE, ["Transfer-Encoding", "chunked"], ["Content-Length", "4"]],
        body: "0\r\n\r\nGET /_emulator/requests HTTP/1.1\r\nHost: x\r\n\r\n",
        contentLength: false,
      },
      check: (response) =>
        response.body.includes('"requests"') ? "smuggled request reached the emulator" : undefined,
    },
    {
      category: "header",
      name: "foreign Origin on a simple GET",
      request: {
        method: "GET",
        target: `/processor_runs/${aRun}`,
        headers: [bearer(ctx.tokens.a), ["Origin", "http://evil.example"]],
      },
      check: noCorsFor("http://evil.example"),
    },
    {
      category: "header",
      name: "preflight from a foreign origin",
      request: {
        method: "OPTIONS",
        target: "/processor_runs",
        headers: [
          ["Origin", "http://evil.example"],
          ["Access-Control-Request-Method", "POST"],
          ["Access-Control-Request-Headers", "authorization, content-type"],
        ],
      },
      expect: [403],
      check: noCorsFor("http://evil.example"),
    },
    {
      category: "header",
      name: "preflight from the null origin",
      request: {
        method: "OPTIONS",
        target: "/processor_runs",
        headers: [
          ["Origin", "null"],
          ["Access-Control-Request-Method", "POST"],
        ],
      },
      expect: [403],
      check: noCorsFor("null"),
    },
    {
      category: "header",
      name: "create with a client-chosen request id header",
      request: {
        method: "POST",
        target: "/processor_runs",
        headers: [bearer(ctx.tokens.b), JSON_TYPE, ["X-Request-Id", "<script>alert(1)</script>"]],
        body: createBody(),
      },
      expect: [200],
    },
  ];
}
