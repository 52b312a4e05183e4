// OIDC verification against a local issuer on 127.0.0.1 that serves a JWKS and mints tokens shaped like
// GitHub Actions' ID tokens (GitHub's issuer cannot be reached from tests).
import { type OidcIssuer, startOidcIssuer } from "@extendkit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JwksKeys } from "../../src/oidc/jwks.ts";
import { parseOidcPolicies, policyFor } from "../../src/oidc/policies.ts";
import { OidcVerifier } from "../../src/oidc/verifier.ts";

const AUDIENCE = "https://proxy.example";
let issuer: OidcIssuer;
const clock = Date.now();

const policies = parseOidcPolicies(
  JSON.stringify([
    {
      match: { repository: "acme/docs", ref: "refs/heads/*" },
      client: { tenant: "acme", scopes: ["runs:create", "runs:read"], processors: ["dp_invoice"] },
    },
    {
      match: { repository_owner: "globex", environment: "prod" },
      client: { tenant: "globex", scopes: ["runs:read"], processors: [] },
    },
  ]),
);

function verifier(minRefetchMs = 30_000): OidcVerifier {
  if (typeof policies === "string") throw new Error(policies);
  const keys = new JwksKeys({ url: issuer.jwksUrl, fetch, now: () => clock, minRefetchMs });
  return new OidcVerifier({ issuer: issuer.url, audience: AUDIENCE, keys, policies, now: () => clock });
}

beforeAll(async () => {
  issuer = await startOidcIssuer();
});
afterAll(() => issuer.close());

describe("OidcVerifier", () => {
  it("maps a valid workflow token to its policy's client", async () => {
    const { client, subject } = await verifier().verify(issuer.mint(AUDIENCE));
    expect(client.tenant).toBe("acme");
    expect([...client.scopes]).toEqual(["runs:create", "runs:read"]);
    expect(subject).toBe("acme/docs@refs/heads/main");
  });

  it.each([
    ["wrong audience", () => issuer.mint("https://other.example"), /wrong audience/],
    [
      "wrong repository",
      () => issuer.mint(AUDIENCE, { repository: "evil/docs", repository_owner: "evil" }),
      /no OIDC policy matches evil\/docs/,
    ],
    ["expired token", () => issuer.mint(AUDIENCE, { exp: Math.floor(clock / 1000) - 120 }), /expired/],
    ["not yet valid", () => issuer.mint(AUDIENCE, { nbf: Math.floor(clock / 1000) + 600 }), /not yet valid/],
    ["issued in the future", () => issuer.mint(AUDIENCE, { iat: Math.floor(clock / 1000) + 600 }), /iat/],
    [
      "another issuer",
      () => issuer.mint(AUDIENCE, { iss: "https://token.actions.githubusercontent.com" }),
      /wrong issuer/,
    ],
    ["an unknown kid", () => issuer.mint(AUDIENCE, {}, { signWith: "unknown" }), /unknown kid/],
    [
      "an environment the policy does not name",
      () =>
        issuer.mint(AUDIENCE, { repository: "globex/app", repository_owner: "globex", environment: "dev" }),
      /no OIDC policy/,
    ],
  ])("refuses %s", async (_name, token, reason) => {
    await expect(verifier().verify(token())).rejects.toThrow(reason);
  });

  it("refuses a token whose signature does not match its kid", async () => {
    const token = issuer.mint(AUDIENCE);
    const [header, payload] = token.split(".");
    const other = issuer.mint(AUDIENCE, { repository: "acme/other" }).split(".")[2];
    await expect(verifier().verify(`${header}.${payload}.${other}`)).rejects.toThrow(/bad signature/);
  });

  it("follows a JWKS rotation: a new kid triggers one refetch, an old dropped kid stops working", async () => {
    const v = verifier(0);
    const oldToken = issuer.mint(AUDIENCE);
    await v.verify(oldToken);
    const before = issuer.jwksFetches();
    const newKid = issuer.rotate(true);
    const fresh = issuer.mint(AUDIENCE, {}, { kid: newKid });
    await expect(v.verify(fresh)).resolves.toMatchObject({ client: { tenant: "acme" } });
    expect(issuer.jwksFetches()).toBe(before + 1);
    await expect(v.verify(oldToken)).rejects.toThrow(/unknown kid/);
  });

  it("bounds JWKS fetches caused by made-up kids", async () => {
    const v = verifier(30_000);
    await v.verify(issuer.mint(AUDIENCE));
    const before = issuer.jwksFetches();
    for (let i = 0; i < 20; i++) {
      await expect(v.verify(issuer.mint(AUDIENCE, {}, { signWith: "unknown" }))).rejects.toThrow(
        /unknown kid/,
      );
    }
    expect(issuer.jwksFetches()).toBe(before);
  });
});

describe("parseOidcPolicies", () => {
  it.each([
    ["{", /not valid JSON/],
    ["[]", /non-empty array/],
    [
      '[{"match":{"ref":"refs/heads/main"},"client":{"tenant":"a"}}]',
      /must name repository or repository_owner/,
    ],
    ['[{"match":{"repo":"a/b"},"client":{"tenant":"a"}}]', /match.repo is not a claim/],
    ['[{"match":{"repository":"a/b"},"client":{"tenant":"a b"}}]', /tenant must match/],
  ])("refuses %s", (json, problem) => {
    expect(parseOidcPolicies(json)).toMatch(problem);
  });

  it("matches wildcards on whole values only", () => {
    const parsed = parseOidcPolicies('[{"match":{"repository":"acme/*"},"client":{"tenant":"acme"}}]');
    if (typeof parsed === "string") throw new Error(parsed);
    expect(policyFor(parsed, { repository: "acme/docs" })?.tenant).toBe("acme");
    expect(policyFor(parsed, { repository: "evil/acme/docs" })).toBeNull();
    expect(policyFor(parsed, { repository: "acme" })).toBeNull();
  });
});
