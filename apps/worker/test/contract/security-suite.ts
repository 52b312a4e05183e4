// Attacks on the proxy, each with its exact expected status; run against every runtime.
import type { JournalEntry } from "@extendkit/emulator/admin";
import { describe, expect, it } from "vitest";
import { FOREIGN_ORIGIN, JWT_SECRET, MAX_BODY_BYTES, SERVER_TAGS, TOKENS } from "../fixtures.ts";
import {
  bearer,
  call,
  claims,
  createFinishedRun,
  createRun,
  emulator,
  journal,
  type ProxyTarget,
  runOf,
  signEs256,
  signHs256,
  unsignedToken,
  uploadForm,
  waitForTerminal,
  webhookRequest,
} from "./harness.ts";

async function upstreamMetadata(target: ProxyTarget, id: string): Promise<Record<string, unknown>> {
  const body = (await (await emulator(target, `/processor_runs/${id}`)).json()) as {
    processorRun: { metadata: Record<string, unknown> };
  };
  return body.processorRun.metadata;
}

/** Registers the security tests for one runtime. */
export function securitySuite(getTarget: () => ProxyTarget): void {
  describe("security: authentication", () => {
    it("no token → 401", async () => {
      const reply = await call(getTarget(), "/processor_runs/dpr_x");
      expect(reply.status).toBe(401);
      expect(reply.json["code"]).toBe("UNAUTHORIZED");
      expect(reply.headers.get("x-extendkit-cache")).toBe("BYPASS");
    });

    it("unknown token, non-Bearer scheme and the server key itself → 401", async () => {
      const target = getTarget();
      for (const authorization of ["Bearer tok_unknown", "Basic dG9rX2FscGhhOng=", `Token ${TOKENS.alpha}`]) {
        const reply = await call(target, "/processor_runs/dpr_x", { headers: { authorization } });
        expect(reply.status, authorization).toBe(401);
      }
    });

    it("a valid HS256 JWT works and its tenant/tags come from the claims", async () => {
      const target = getTarget();
      const token = await signHs256(claims());
      const reply = await createRun(target, token, {
        processorId: "dp_invoice_extractor",
        rawText: "jwt invoice",
      });
      expect(reply.status, reply.text).toBe(200);
      const metadata = runOf(reply)["metadata"] as Record<string, unknown>;
      expect(metadata["extendkit:tenant"]).toBe("jwt-tenant");
      expect(metadata["extend:usage_tags"]).toEqual([...SERVER_TAGS, "tenant-jwt-tenant", "jwt-tag"]);
    });

    it("a valid ES256 JWT works", async () => {
      const target = getTarget();
      const token = await signEs256(claims({ tenant: "es-tenant" }), target.es256PrivateJwk);
      const reply = await call(target, "/processor_runs/dpr_nothere", { headers: bearer(token) });
      expect(reply.status).toBe(404);
    });

    it("forged, expired, not-yet-valid, alg:none, wrong-alg, wrong iss/aud, no-exp JWTs → 401", async () => {
      const target = getTarget();
      const now = Math.floor(Date.now() / 1000);
      const otherPair = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
        "sign",
        "verify",
      ])) as CryptoKeyPair;
      const otherPrivate = (await crypto.subtle.exportKey("jwk", otherPair.privateKey)) as JsonWebKey;
      const cases: Record<string, string> = {
        forgedSecret: await signHs256(claims(), "not-the-secret-but-long-enough-0123456789"),
        expired: await signHs256(claims({ iat: now - 7200, exp: now - 3600 })),
        notYetValid: await signHs256(claims({ nbf: now + 3600 })),
        issuedInFuture: await signHs256(claims({ iat: now + 3600 })),
        algNone: unsignedToken(claims()),
        algNoneWithSignature: `${unsignedToken(claims())}${(await signHs256(claims())).split(".")[2]}`,
        hs512Header: await signHs256(claims(), JWT_SECRET, { alg: "HS512", typ: "JWT" }),
        rs256HeaderHmacSigned: await signHs256(claims(), JWT_SECRET, { alg: "RS256", typ: "JWT" }),
        es256HeaderHmacSigned: await signHs256(claims(), JWT_SECRET, { alg: "ES256", typ: "JWT" }),
        es256OtherKey: await signEs256(claims(), otherPrivate),
        wrongIssuer: await signHs256(claims({ iss: "https://attacker.test" })),
        wrongAudience: await signHs256(claims({ aud: "someone-else" })),
        noExp: await signHs256(claims({ exp: undefined })),
        badTenant: await signHs256(claims({ tenant: "../alpha" })),
        unknownScope: await signHs256(claims({ scopes: ["root"] })),
        tampered: (await signHs256(claims({ tenant: "mallory" }))).replace(/\.[^.]+\./, `.${btoa("{}")}.`),
      };
      for (const [name, token] of Object.entries(cases)) {
        const reply = await call(target, "/processor_runs/dpr_x", { headers: bearer(token) });
        expect(reply.status, name).toBe(401);
        expect(reply.json["code"], name).toBe("UNAUTHORIZED");
      }
    });
  });

  describe("security: scopes and processors", () => {
    it("a client without runs:create → 403; a processor outside the allowlist → 403", async () => {
      const target = getTarget();
      const noScope = await createRun(target, TOKENS.readOnly, {
        processorId: "dp_invoice_extractor",
        rawText: "x",
      });
      expect(noScope.status).toBe(403);
      const wrongProcessor = await createRun(target, TOKENS.invoiceOnly, {
        processorId: "dp_document_classifier",
        rawText: "x",
      });
      expect(wrongProcessor.status).toBe(403);
      const allowed = await createRun(target, TOKENS.invoiceOnly, {
        processorId: "dp_invoice_extractor",
        rawText: "x",
      });
      expect(allowed.status).toBe(200);
      const noDelete = await call(target, "/processor_runs/dpr_x", {
        method: "DELETE",
        headers: bearer(TOKENS.readOnly),
      });
      expect(noDelete.status).toBe(403);
    });
  });

  describe("security: tenant isolation", () => {
    it("another tenant's run is 404 on get, cancel and delete — the same answer as a missing run", async () => {
      const target = getTarget();
      const id = await createFinishedRun(target, TOKENS.alpha);
      const missing = await call(target, "/processor_runs/dpr_missing00000000000", {
        headers: bearer(TOKENS.beta),
      });
      expect(missing.status).toBe(404);
      const get = await call(target, `/processor_runs/${id}`, { headers: bearer(TOKENS.beta) });
      const cancel = await call(target, `/processor_runs/${id}/cancel`, {
        method: "POST",
        headers: bearer(TOKENS.beta),
      });
      const del = await call(target, `/processor_runs/${id}`, {
        method: "DELETE",
        headers: bearer(TOKENS.beta),
      });
      for (const reply of [get, cancel, del]) {
        expect(reply.status).toBe(404);
        expect(reply.json["error"]).toBe(missing.json["error"]);
        expect(reply.json["code"]).toBe(missing.json["code"]);
      }
      // The run is untouched and still readable by its owner.
      const own = await call(target, `/processor_runs/${id}`, { headers: bearer(TOKENS.alpha) });
      expect(own.status).toBe(200);
    });

    it("a tenant's cached run is never served to another tenant", async () => {
      const target = getTarget();
      const id = await createFinishedRun(target, TOKENS.alpha);
      await call(target, `/processor_runs/${id}`, { headers: bearer(TOKENS.alpha) });
      const hit = await call(target, `/processor_runs/${id}`, { headers: bearer(TOKENS.alpha) });
      expect(hit.headers.get("x-extendkit-cache")).toBe("HIT");
      const other = await call(target, `/processor_runs/${id}`, { headers: bearer(TOKENS.beta) });
      expect(other.status).toBe(404);
      expect(other.headers.get("x-extendkit-cache")).toBe("MISS");
    });

    it("another tenant's file is 404 to read and 404 to run on", async () => {
      const target = getTarget();
      const uploaded = await call(target, "/files/upload", {
        method: "POST",
        headers: bearer(TOKENS.alpha),
        body: uploadForm("secret.txt", "alpha's private invoice"),
      });
      const fileId = String((uploaded.json["file"] as Record<string, unknown>)["id"]);
      const read = await call(target, `/files/${fileId}`, { headers: bearer(TOKENS.beta) });
      expect(read.status).toBe(404);
      const run = await createRun(target, TOKENS.beta, {
        processorId: "dp_invoice_extractor",
        file: { fileId },
      });
      expect(run.status).toBe(404);
    });

    it("spoofed reserved metadata (extendkit:tenant) → 400", async () => {
      const target = getTarget();
      for (const metadata of [
        { "extendkit:tenant": "beta" },
        { "EXTENDKIT:tenant": "beta" },
        { "Extendkit:Tenant": "beta", "extendkit:file": "a.txt" },
      ]) {
        const reply = await createRun(target, TOKENS.alpha, {
          processorId: "dp_invoice_extractor",
          rawText: "x",
          metadata,
        });
        expect(reply.status).toBe(400);
        expect(reply.json["code"]).toBe("INVALID_REQUEST");
      }
    });

    it("other extendkit:* metadata is the client's own and cannot displace the tenant", async () => {
      const target = getTarget();
      const reply = await createRun(target, TOKENS.alpha, {
        processorId: "dp_invoice_extractor",
        rawText: "x",
        metadata: { "extendkit:file": "docs/a.txt" },
      });
      expect(reply.status).toBe(200);
      const metadata = runOf(reply)["metadata"] as Record<string, unknown>;
      expect(metadata["extendkit:file"]).toBe("docs/a.txt");
      expect(metadata["extendkit:tenant"]).toBe("alpha");
    });

    it("spoofed usage tags are dropped for clients without allowCustomTags", async () => {
      const target = getTarget();
      const reply = await createRun(target, TOKENS.alpha, {
        processorId: "dp_invoice_extractor",
        rawText: "x",
        metadata: { "extend:usage_tags": ["tenant-beta", "free-tier"] },
      });
      expect(reply.status).toBe(200);
      const metadata = await upstreamMetadata(target, String(runOf(reply)["id"]));
      expect(metadata["extend:usage_tags"]).toEqual([...SERVER_TAGS, "tenant-alpha", "team-a"]);
    });

    it("allowed custom tags are added, sanitised and capped, but never replace the mandatory ones", async () => {
      const target = getTarget();
      const supplied = [
        "cust<script>1",
        "cust 2",
        "",
        "extendkit-proxy",
        ...Array.from({ length: 40 }, (_, i) => `t${i}`),
      ];
      const reply = await createRun(target, TOKENS.tagger, {
        processorId: "dp_invoice_extractor",
        rawText: "x",
        metadata: { "extend:usage_tags": supplied },
      });
      expect(reply.status).toBe(200);
      const tags = (await upstreamMetadata(target, String(runOf(reply)["id"])))[
        "extend:usage_tags"
      ] as string[];
      expect(tags.slice(0, 5)).toEqual([...SERVER_TAGS, "tenant-delta", "plan-pro", "custscript1"]);
      expect(tags).toContain("cust2");
      expect(tags.length).toBe(20);
      expect(new Set(tags).size).toBe(tags.length);
      for (const tag of tags) expect(tag).toMatch(/^[A-Za-z0-9_-]+$/);
      const empty = await createRun(target, TOKENS.tagger, {
        processorId: "dp_invoice_extractor",
        rawText: "x",
        metadata: { "extend:usage_tags": [] },
      });
      const emptyTags = (await upstreamMetadata(target, String(runOf(empty)["id"])))["extend:usage_tags"];
      expect(emptyTags).toEqual([...SERVER_TAGS, "tenant-delta", "plan-pro"]);
    });
  });

  describe("security: route escapes", () => {
    const escapes = [
      "//evil.com/x",
      "/http://evil/",
      "/https:/evil.com/processor_runs",
      "/processor_runs/..%2f..%2fadmin",
      "/processor_runs/%2e%2e/%2e%2e/admin",
      "/processor_runs/%2E%2E",
      "/processor_runs/dpr_abc%2fcancel",
      "/processor_runs/dpr_abc%5c..%5cadmin",
      "/processor_runs/dpr_abc%00",
      "/\\evil.com/x",
      "/files/..%5cprocessor_runs",
      "/processor_runs/dpr_abc/cancel/",
      "/_emulator/reset",
      "/processor_runs/dpr_abc;admin",
    ];
    // What an escape would have sent upstream; no other test uses these path fragments.
    const escaped = (r: JournalEntry) => /evil|admin|dpr_abc|_emulator|\.\.|%|\\/i.test(r.path);
    it.each(escapes)("%s → 404 and nothing reaches the upstream", async (path) => {
      const target = getTarget();
      const before = (await journal(target)).filter(escaped).length;
      const reply = await call(target, path, { headers: bearer(TOKENS.alpha) });
      expect(reply.status).toBe(404);
      expect((await journal(target)).filter(escaped).length).toBe(before);
    });

    it("odd methods on known routes → 405", async () => {
      const target = getTarget();
      for (const method of ["PUT", "PATCH", "PROPFIND"]) {
        const reply = await call(target, "/processor_runs/dpr_abc", {
          method,
          headers: bearer(TOKENS.alpha),
        });
        expect(reply.status, method).toBe(405);
      }
    });
  });

  describe("security: bodies", () => {
    it("a create body over MAX_BODY_BYTES → 413", async () => {
      const reply = await createRun(getTarget(), TOKENS.alpha, {
        processorId: "dp_invoice_extractor",
        rawText: "x".repeat(MAX_BODY_BYTES + 10),
      });
      expect(reply.status).toBe(413);
      expect(reply.json["code"]).toBe("PAYLOAD_TOO_LARGE");
    });

    it("an upload over MAX_BODY_BYTES → 413 and nothing is stored upstream", async () => {
      const target = getTarget();
      const name = `oversized-${crypto.randomUUID()}.txt`;
      const reply = await call(target, "/files/upload", {
        method: "POST",
        headers: bearer(TOKENS.alpha),
        body: uploadForm(name, "y".repeat(MAX_BODY_BYTES + 1)),
      });
      expect(reply.status).toBe(413);
      expect((await journal(target)).filter((r) => r["fileName"] === name)).toEqual([]);
    });

    it("malformed JSON, non-object JSON and a missing processorId → 400", async () => {
      const target = getTarget();
      for (const body of ["{not json", "[1,2]", '"text"', "{}"]) {
        const reply = await call(target, "/processor_runs", {
          method: "POST",
          headers: bearer(TOKENS.alpha, { "content-type": "application/json" }),
          body,
        });
        expect(reply.status, body).toBe(400);
        expect(reply.json["code"]).toBe("INVALID_REQUEST");
      }
    });

    it("wrong content types → 415", async () => {
      const target = getTarget();
      const create = await call(target, "/processor_runs", {
        method: "POST",
        headers: bearer(TOKENS.alpha, { "content-type": "text/plain" }),
        body: "{}",
      });
      expect(create.status).toBe(415);
      const upload = await call(target, "/files/upload", {
        method: "POST",
        headers: bearer(TOKENS.alpha, { "content-type": "application/json" }),
        body: "{}",
      });
      expect(upload.status).toBe(415);
    });
  });

  describe("security: CORS", () => {
    it("a preflight from a foreign origin → 403 without CORS headers", async () => {
      const reply = await call(getTarget(), "/processor_runs", {
        method: "OPTIONS",
        headers: { origin: FOREIGN_ORIGIN, "access-control-request-method": "POST" },
      });
      expect(reply.status).toBe(403);
      expect(reply.headers.get("access-control-allow-origin")).toBeNull();
      expect(reply.headers.get("access-control-allow-methods")).toBeNull();
    });

    it("a preflight for a route outside the allowlist → 403", async () => {
      const reply = await call(getTarget(), "/_emulator/reset", {
        method: "OPTIONS",
        headers: { origin: FOREIGN_ORIGIN, "access-control-request-method": "POST" },
      });
      expect(reply.status).toBe(403);
      expect(reply.headers.get("access-control-allow-origin")).toBeNull();
    });
  });

  describe("security: webhooks", () => {
    async function processedEvent(target: ProxyTarget) {
      const id = await createFinishedRun(target, TOKENS.alpha);
      const run = await waitForTerminal(target, id);
      return { eventId: `evt_${id}`, eventType: "processor_run.processed", payload: run };
    }

    it("unsigned → 401", async () => {
      const target = getTarget();
      const reply = await call(target, "/webhooks/extend", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(await processedEvent(target)),
      });
      expect(reply.status).toBe(401);
    });

    it("signed with another secret or with a tampered body → 401", async () => {
      const target = getTarget();
      const event = await processedEvent(target);
      const wrongSecret = await call(
        target,
        "/webhooks/extend",
        await webhookRequest(event, { secret: "wss_wrong" }),
      );
      expect(wrongSecret.status).toBe(401);
      const signed = await webhookRequest(event);
      const tampered = await call(target, "/webhooks/extend", {
        ...signed,
        body: String(signed.body).replace('"alpha"', '"beta"'),
      });
      expect(tampered.status).toBe(401);
    });

    it("stale timestamp → 401", async () => {
      const target = getTarget();
      const stale = await webhookRequest(await processedEvent(target), {
        timestamp: Math.floor(Date.now() / 1000) - 3600,
      });
      const reply = await call(target, "/webhooks/extend", stale);
      expect(reply.status).toBe(401);
    });

    it("replayed delivery → 401 (the first one is accepted)", async () => {
      const target = getTarget();
      const delivery = await webhookRequest(await processedEvent(target));
      const first = await call(target, "/webhooks/extend", delivery);
      expect(first.status).toBe(200);
      const replay = await call(target, "/webhooks/extend", delivery);
      expect(replay.status).toBe(401);
    });

    it("a signed event claiming a run for a forged tenant never lands in the cache of another tenant", async () => {
      const target = getTarget();
      const event = await processedEvent(target);
      const payload = event.payload as Record<string, unknown>;
      const stolen = { ...payload, id: "dpr_forgedbywebhook000" };
      const reply = await call(
        target,
        "/webhooks/extend",
        await webhookRequest({ ...event, payload: stolen }),
      );
      // Signed by Extend's secret, so accepted; cached for the tenant in its metadata (alpha), never beta.
      expect(reply.status).toBe(200);
      const beta = await call(target, "/processor_runs/dpr_forgedbywebhook000", {
        headers: bearer(TOKENS.beta),
      });
      expect(beta.status).toBe(404);
    });
  });
}
