// Tenant B (and a JWT for B) reaching for tenant A's runs and files by id: every answer must be the
// same 404 a run that never existed gets, before and after A's reads have filled the cache.
import { signJwt } from "../client-tokens.js";
import type { RawResponse } from "../raw-http.js";
import { bearer, createBody, type HostileCase, type HostileContext, JSON_TYPE } from "./case.js";

/** The body of a 404 with the per-request id removed, to compare two answers. */
export function notFoundShape(response: RawResponse): string {
  try {
    const body = JSON.parse(response.body) as Record<string, unknown>;
    delete body["requestId"];
    return JSON.stringify(body);
  } catch {
    return response.body;
  }
}

/** Cross-tenant reads, cancels, deletes and file uses; `unknownShape` is the 404 of a nonexistent run. */
export function tenantCases(ctx: HostileContext, unknownShape: string): HostileCase[] {
  const jwtB = signJwt(
    {
      tenant: ctx.tenants.b,
      scopes: ["runs:read", "runs:cancel", "runs:delete", "files:read", "runs:create"],
      processors: ["*"],
      tags: [],
      exp: Math.floor(Date.now() / 1000) + 3600,
    },
    ctx.jwtSecret,
  );
  const sameAsUnknown = (response: RawResponse) =>
    notFoundShape(response) === unknownShape
      ? undefined
      : `404 differs from a nonexistent run's: ${response.body}`;
  const cases: HostileCase[] = [];
  for (const [who, token] of [
    ["B's token", ctx.tokens.b],
    ["a JWT for B", jwtB],
  ] as const) {
    for (const run of ctx.ids.aRuns) {
      cases.push(
        {
          category: "tenant",
          name: `${who} gets A's run`,
          request: { method: "GET", target: `/processor_runs/${run}`, headers: [bearer(token)] },
          expect: [404],
          check: sameAsUnknown,
        },
        {
          category: "tenant",
          name: `${who} gets A's run bypassing the cache`,
          request: {
            method: "GET",
            target: `/processor_runs/${run}`,
            headers: [bearer(token), ["Cache-Control", "no-cache"]],
          },
          expect: [404],
          check: sameAsUnknown,
        },
        {
          category: "tenant",
          name: `${who} cancels A's run`,
          request: { method: "POST", target: `/processor_runs/${run}/cancel`, headers: [bearer(token)] },
          expect: [404],
          check: sameAsUnknown,
        },
        {
          category: "tenant",
          name: `${who} deletes A's run`,
          request: { method: "DELETE", target: `/processor_runs/${run}`, headers: [bearer(token)] },
          expect: [404],
          check: sameAsUnknown,
        },
      );
    }
    cases.push(
      {
        category: "tenant",
        name: `${who} gets A's file`,
        request: { method: "GET", target: `/files/${ctx.ids.aFile}`, headers: [bearer(token)] },
        expect: [404],
      },
      {
        category: "tenant",
        name: `${who} gets A's file with raw text`,
        request: { method: "GET", target: `/files/${ctx.ids.aFile}?rawText=true`, headers: [bearer(token)] },
        expect: [404],
      },
      {
        category: "tenant",
        name: `${who} runs a processor on A's file`,
        request: {
          method: "POST",
          target: "/processor_runs",
          headers: [bearer(token), JSON_TYPE],
          body: JSON.stringify({
            processorId: "dp_invoice_extractor",
            file: { fileId: ctx.ids.aFile, fileName: "x.txt" },
          }),
        },
        expect: [404],
      },
      // Since issue 13 §2 a tenant lists its own runs and files from the proxy's records: never A's.
      {
        category: "tenant",
        name: `${who} lists runs and sees none of A's`,
        request: { method: "GET", target: "/processor_runs?maxPageSize=100", headers: [bearer(token)] },
        expect: [200],
        check: (response) =>
          ctx.ids.aRuns.some((id) => response.body.includes(id)) ? "A's run in B's list" : undefined,
      },
      {
        category: "tenant",
        name: `${who} lists files and sees none of A's`,
        request: { method: "GET", target: "/files?maxPageSize=100", headers: [bearer(token)] },
        expect: [200, 403], // 403 where the client lacks files:read
        check: (response) => (response.body.includes(ctx.ids.aFile) ? "A's file in B's list" : undefined),
      },
      {
        category: "tenant",
        name: `${who} cannot delete A's file`,
        request: { method: "DELETE", target: `/files/${ctx.ids.aFile}`, headers: [bearer(token)] },
        expect: [403, 404],
      },
    );
  }
  cases.push(
    {
      category: "tenant",
      name: "A's read-only client cannot delete A's run",
      request: {
        method: "DELETE",
        target: `/processor_runs/${ctx.ids.aRuns[0]}`,
        headers: [bearer(ctx.tokens.readOnly)],
      },
      expect: [403],
    },
    {
      category: "tenant",
      name: "B's create is stamped as B",
      request: {
        method: "POST",
        target: "/processor_runs",
        headers: [bearer(ctx.tokens.b), JSON_TYPE],
        body: createBody(),
      },
      expect: [200],
    },
  );
  return cases;
}

/** Webhook deliveries without a valid, fresh signature. */
export function webhookCases(ctx: HostileContext): HostileCase[] {
  const body = JSON.stringify({
    eventType: "processor_run.processed",
    payload: { id: ctx.ids.aRuns[0], status: "PROCESSED", metadata: { "extendkit:tenant": ctx.tenants.b } },
  });
  const now = Math.floor(Date.now() / 1000);
  const list: Array<[string, Array<[string, string]>]> = [
    ["unsigned", []],
    [
      "forged signature",
      [
        ["x-extend-request-signature", "v0=deadbeef"],
        ["x-extend-request-timestamp", String(now)],
      ],
    ],
    [
      "stale timestamp",
      [
        ["x-extend-request-signature", "v0=00"],
        ["x-extend-request-timestamp", String(now - 86_400)],
      ],
    ],
    ["client token instead of a signature", [bearer(ctx.tokens.b)]],
    ["upstream key as a bearer", [bearer(ctx.upstreamKey)]],
  ];
  return list.map(([name, headers]) => ({
    category: "webhook",
    name: `webhook: ${name}`,
    request: { method: "POST", target: "/webhooks/extend", headers: [JSON_TYPE, ...headers], body },
    expect: [401],
  }));
}
