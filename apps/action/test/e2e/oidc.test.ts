// auth: oidc end to end: the committed bundle, run as the runner runs it on Node 20 and 24, requests a GitHub
// OIDC ID token from the runner's endpoint (ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN, served by a local issuer on
// 127.0.0.1) and sends it to the proxy under `wrangler dev` (workerd), which verifies it against the issuer's
// JWKS, maps the workflow through OIDC_POLICIES and forwards to the emulator (PAYG limits on). No api-key
// anywhere: the proxy has no PROXY_CLIENTS or JWT settings at all, so only OIDC can let a request in.
import { randomBytes } from "node:crypto";
import {
  type EmulatorProcess,
  freePort,
  type OidcIssuer,
  type RunningServer,
  startEmulatorProcess,
  startOidcIssuer,
  startWranglerDev,
} from "@extendkit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ActionRun, cleanupRuns, invoice, RUNTIMES, runBundle, secretLeaks } from "./harness.js";

const KEY = `sk_test_oidc_e2e_${randomBytes(12).toString("hex")}`;
let emulator: EmulatorProcess;
let issuer: OidcIssuer;
let proxy: RunningServer;

beforeAll(async () => {
  emulator = await startEmulatorProcess({ apiKey: KEY, limits: "payg", latency: "instant" });
  issuer = await startOidcIssuer({
    repository: "acme/docs",
    repository_owner: "acme",
    ref: "refs/heads/main",
  });
  const port = await freePort();
  proxy = await startWranglerDev({
    port,
    secrets: { EXTEND_API_KEY: KEY },
    vars: {
      EXTEND_BASE_URL: emulator.url,
      // The action asks for a token whose audience is its base-url: the proxy's own URL.
      OIDC_AUDIENCE: `http://127.0.0.1:${port}`,
      OIDC_POLICIES: JSON.stringify([
        {
          match: { repository: "acme/docs", ref: "refs/heads/*" },
          client: {
            tenant: "acme",
            scopes: ["runs:create", "runs:read", "runs:cancel", "files:write", "files:read"],
            processors: ["dp_invoice_extractor"],
          },
        },
      ]),
      OIDC_ISSUER: issuer.url,
      OIDC_JWKS_URL: issuer.jwksUrl,
    },
  });
}, 120_000);

afterAll(async () => {
  await proxy?.stop();
  await issuer?.close();
  await emulator?.stop();
  await cleanupRuns();
});

/** The ID token the step asked the runner to mask (`::add-mask::<jwt>`), if any. */
function maskedToken(run: ActionRun): string | undefined {
  return /^::add-mask::(eyJ[\w-]+\.[\w-]+\.[\w-]+)$/m.exec(run.stdout)?.[1];
}

describe.each(RUNTIMES)("auth: oidc under $name", ({ name, bin }) => {
  const inputs = {
    auth: "oidc",
    "base-url": "",
    "processor-id": "dp_invoice_extractor",
    files: "docs/*.txt",
  };
  const runnerEnv = () => ({
    ACTIONS_ID_TOKEN_REQUEST_URL: issuer.tokenRequestUrl,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: issuer.tokenRequestToken,
  });

  it("processes the files with no api-key, and the token stays masked", async () => {
    const before = (await emulator.admin.journal()).length;
    const run = await runBundle({
      bin,
      inputs: { ...inputs, "base-url": proxy.url },
      files: { "docs/a.txt": invoice(`OIDC-${name}-A`), "docs/b.txt": invoice(`OIDC-${name}-B`) },
      env: runnerEnv(),
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs["status"]).toBe("success");
    expect(run.outputs["processed"]).toBe("2");
    // The runs really went upstream through the proxy (the emulator saw its key, never the token).
    const journal = (await emulator.admin.journal()).slice(before);
    expect(
      journal.filter((entry) => entry.method === "POST" && entry.path === "/processor_runs"),
    ).toHaveLength(2);
    const token = maskedToken(run);
    expect(token, "the step masks the ID token").toBeDefined();
    expect(secretLeaks(run, token ?? "")).toEqual([]);
    expect(JSON.stringify(journal)).not.toContain(token);
  });

  it("fails clearly when the proxy refuses the workflow (a repository no policy maps)", async () => {
    const before = (await emulator.admin.journal()).length;
    issuer.workflowClaims.repository = "mallory/docs";
    issuer.workflowClaims.repository_owner = "mallory";
    let run: ActionRun;
    try {
      run = await runBundle({
        bin,
        inputs: { ...inputs, "base-url": proxy.url },
        files: { "docs/a.txt": invoice(`OIDC-${name}-X`) },
        env: runnerEnv(),
      });
    } finally {
      issuer.workflowClaims.repository = "acme/docs";
      issuer.workflowClaims.repository_owner = "acme";
    }
    expect(run.code).not.toBe(0);
    expect(run.outputs["status"]).toBe("failure");
    expect(run.stdout).toMatch(
      /with auth: oidc, whether the proxy.s OIDC_POLICIES map this workflow.*\(401\)/,
    );
    // Refused at the proxy: nothing reached the upstream.
    expect((await emulator.admin.journal()).slice(before)).toEqual([]);
    const token = maskedToken(run);
    expect(token).toBeDefined();
    expect(secretLeaks(run, token ?? "")).toEqual([]);
  });

  it("follows on-missing-api-key when the runner offers no ID token", async () => {
    const failed = await runBundle({
      bin,
      inputs: { ...inputs, "base-url": proxy.url },
      files: { "docs/a.txt": invoice(`OIDC-${name}-F`) },
    });
    expect(failed.code).not.toBe(0);
    expect(failed.stdout).toContain("id-token: write");
    const skipped = await runBundle({
      bin,
      inputs: { ...inputs, "base-url": proxy.url, "on-missing-api-key": "skip" },
      files: { "docs/a.txt": invoice(`OIDC-${name}-S`) },
    });
    expect(skipped.code, skipped.stdout).toBe(0);
    expect(skipped.outputs["status"]).toBe("skipped");
  });
});
