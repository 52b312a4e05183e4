// A local stand-in for GitHub Actions' OIDC issuer on 127.0.0.1 (token.actions.githubusercontent.com cannot be
// reached from tests), following GitHub's documented behaviour:
//   GET /.well-known/openid-configuration   { issuer, jwks_uri, ... }
//   GET /.well-known/jwks                   { keys: [RSA public JWKs with kid, alg RS256, use sig] }
//   GET /token?audience=<aud>               the runner's ID-token request endpoint (ACTIONS_ID_TOKEN_REQUEST_URL):
//                                           Authorization: Bearer <ACTIONS_ID_TOKEN_REQUEST_TOKEN> → { value: <jwt> }
// Tokens are RS256 with GitHub's claim names (sub, repository, repository_owner, ref, environment, …), valid
// five minutes. `rotate()` adds a new signing key and can drop the old one, as a JWKS rotation does.
import { createHash, generateKeyPairSync, type KeyObject, randomUUID, sign } from "node:crypto";
import { createServer } from "node:http";

/** The claims GitHub puts in a workflow's ID token (the ones a proxy policy maps). */
export interface GitHubOidcClaims {
  repository: string;
  repository_owner: string;
  ref: string;
  environment?: string;
  [claim: string]: unknown;
}

/** A running issuer. */
export interface OidcIssuer {
  /** The issuer URL (`iss`), e.g. `http://127.0.0.1:4321`. */
  url: string;
  jwksUrl: string;
  /** `ACTIONS_ID_TOKEN_REQUEST_URL` for the action (the runner appends `&audience=`). */
  tokenRequestUrl: string;
  /** `ACTIONS_ID_TOKEN_REQUEST_TOKEN`. */
  tokenRequestToken: string;
  /** The claims the token endpoint puts in the tokens it hands out. */
  workflowClaims: GitHubOidcClaims;
  /** Mints a token; `overrides` replace any claim, `kid` picks a key (default: the current one). */
  mint(
    audience: string,
    overrides?: Record<string, unknown>,
    options?: { kid?: string; signWith?: "unknown" },
  ): string;
  /** Adds a signing key; with `dropOld`, the JWKS no longer lists the previous keys. Returns the new kid. */
  rotate(dropOld?: boolean): string;
  /** How many times the JWKS was fetched. */
  jwksFetches(): number;
  close(): Promise<void>;
}

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  jwk: JsonWebKey;
}

function newKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = publicKey.export({ format: "jwk" }) as JsonWebKey;
  const kid = createHash("sha256").update(String(jwk.n)).digest("hex").slice(0, 16);
  return { kid, privateKey, jwk: { ...jwk, kid, alg: "RS256", use: "sig" } as JsonWebKey };
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");

/** Starts the issuer on a free port of 127.0.0.1. */
export async function startOidcIssuer(
  workflowClaims: GitHubOidcClaims = {
    repository: "acme/docs",
    repository_owner: "acme",
    ref: "refs/heads/main",
  },
): Promise<OidcIssuer> {
  let keys: SigningKey[] = [newKey()];
  // A key the JWKS never lists, for tokens with an unknown kid (generated once: RSA key generation is slow).
  const stranger = newKey();
  let jwksFetches = 0;
  const tokenRequestToken = `req_${randomUUID()}`;
  let url = "";

  const mint: OidcIssuer["mint"] = (audience, overrides = {}, options = {}) => {
    const key =
      options.signWith === "unknown" ? stranger : (keys.find((k) => k.kid === options.kid) ?? keys.at(-1)!);
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      jti: randomUUID(),
      sub: `repo:${workflowClaims.repository}:ref:${workflowClaims.ref}`,
      aud: audience,
      iss: url,
      iat: now,
      nbf: now - 5,
      exp: now + 300,
      event_name: "pull_request",
      ref_type: "branch",
      workflow: "ci",
      run_id: "1",
      ...workflowClaims,
      ...overrides,
    };
    const header = b64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid: key.kid }));
    const payload = b64url(JSON.stringify(claims));
    const signature = sign("sha256", Buffer.from(`${header}.${payload}`), key.privateKey);
    return `${header}.${payload}.${b64url(signature)}`;
  };

  const server = createServer((req, res) => {
    const requestUrl = new URL(req.url ?? "/", url);
    const json = (status: number, body: unknown) => {
      // No keep-alive: a client must never reuse a socket this server may have timed out while a test was
      // busy generating RSA keys (that race surfaces as "fetch failed").
      res.writeHead(status, { "content-type": "application/json", connection: "close" });
      res.end(JSON.stringify(body));
    };
    if (requestUrl.pathname === "/.well-known/openid-configuration") {
      return json(200, {
        issuer: url,
        jwks_uri: `${url}/.well-known/jwks`,
        id_token_signing_alg_values_supported: ["RS256"],
      });
    }
    if (requestUrl.pathname === "/.well-known/jwks") {
      jwksFetches++;
      return json(200, { keys: keys.map((k) => k.jwk) });
    }
    if (requestUrl.pathname === "/token") {
      if (req.headers.authorization !== `Bearer ${tokenRequestToken}`)
        return json(401, { message: "Bad credentials" });
      const audience = requestUrl.searchParams.get("audience");
      if (!audience) return json(400, { message: "audience required" });
      return json(200, { count: 1, value: mint(audience) });
    }
    return json(404, { message: "Not Found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  return {
    url,
    jwksUrl: `${url}/.well-known/jwks`,
    tokenRequestUrl: `${url}/token?api-version=2.0`,
    tokenRequestToken,
    workflowClaims,
    mint,
    rotate(dropOld = false) {
      const key = newKey();
      keys = dropOld ? [key] : [...keys, key];
      return key.kid;
    },
    jwksFetches: () => jwksFetches,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
