// Keyless auth end to end in workerd (`wrangler dev`): GitHub-like ID tokens from a local issuer on 127.0.0.1
// are verified by the proxy against the issuer's JWKS, and the workflow is mapped through OIDC_POLICIES to its
// policy's tenant, scopes and processors; the emulator is the upstream.
import { type StartedEmulator, startEmulator } from "@extendkit/emulator";
import { type OidcIssuer, type RunningServer, startOidcIssuer, startWranglerDev } from "@extendkit/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { API_KEY, INVOICE } from "../fixtures.ts";
import { splitSettings } from "../wrangler-settings.ts";

let emulator: StartedEmulator;
let issuer: OidcIssuer;
let proxy: RunningServer;
const AUDIENCE = "https://proxy.example.test";

const POLICIES = [
  {
    match: { repository: "acme/docs", ref: "refs/heads/*" },
    client: {
      tenant: "acme",
      scopes: ["runs:create", "runs:read", "files:write", "files:read"],
      processors: [INVOICE],
    },
  },
  {
    match: { repository: "acme/dashboard" },
    client: { tenant: "acme-readers", scopes: ["runs:read"], processors: [] },
  },
];

beforeAll(async () => {
  emulator = await startEmulator({
    host: "127.0.0.1",
    port: 0,
    apiKeys: [API_KEY],
    latency: "instant",
    limits: "off",
  });
  issuer = await startOidcIssuer();
  const settings = {
    EXTEND_API_KEY: API_KEY,
    EXTEND_BASE_URL: emulator.url,
    UPSTREAM_LIMITS: "off",
    OIDC_AUDIENCE: AUDIENCE,
    OIDC_POLICIES: JSON.stringify(POLICIES),
    OIDC_ISSUER: issuer.url,
    OIDC_JWKS_URL: issuer.jwksUrl,
  };
  proxy = await startWranglerDev(splitSettings(settings));
}, 90_000);

afterAll(async () => {
  await proxy?.stop();
  await issuer?.close();
  await emulator?.stop();
});

function createRun(token: string): Promise<Response> {
  return fetch(`${proxy.url}/processor_runs`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ processorId: INVOICE, rawText: "Invoice 7 total 12 USD" }),
  });
}

it("a workflow token gets its policy's tenant, scopes and processors", async () => {
  const writer = issuer.mint(AUDIENCE);
  const created = await createRun(writer);
  expect(created.status).toBe(200);
  const { processorRun } = (await created.json()) as { processorRun: { id: string } };
  const own = await fetch(`${proxy.url}/processor_runs/${processorRun.id}`, {
    headers: { authorization: `Bearer ${writer}` },
  });
  expect(own.status).toBe(200);

  // Another repository's policy: its own tenant (acme's run is not visible) and read-only scopes.
  const reader = issuer.mint(AUDIENCE, { repository: "acme/dashboard" });
  const foreign = await fetch(`${proxy.url}/processor_runs/${processorRun.id}`, {
    headers: { authorization: `Bearer ${reader}` },
  });
  expect(foreign.status).toBe(404);
  expect((await createRun(reader)).status).toBe(403);

  // A processor outside the policy is refused even with runs:create.
  const other = await fetch(`${proxy.url}/processor_runs`, {
    method: "POST",
    headers: { authorization: `Bearer ${writer}`, "content-type": "application/json" },
    body: JSON.stringify({ processorId: "dp_other", rawText: "x" }),
  });
  expect(other.status).toBe(403);
});

it("refuses tokens of an unmapped repository, another audience, expired or signed by an unknown key", async () => {
  const now = Math.floor(Date.now() / 1000);
  const refused = [
    issuer.mint(AUDIENCE, { repository: "mallory/docs", repository_owner: "mallory" }),
    issuer.mint("https://other-proxy.example.test"),
    issuer.mint(AUDIENCE, { iat: now - 900, nbf: now - 900, exp: now - 600 }),
    issuer.mint(AUDIENCE, {}, { signWith: "unknown" }),
  ];
  for (const token of refused) {
    const response = await createRun(token);
    expect(response.status).toBe(401);
    const body = await response.text();
    expect(body).not.toContain(token);
  }
  // The proxy log says why, never with the token.
  expect(proxy.output()).not.toContain(refused[0]);
});
