// auth: oidc parsing and the bearer request, without the runner: the end-to-end path (runner token endpoint,
// proxy in workerd) is test/e2e/oidc.test.ts.
import { describe, expect, it } from "vitest";
import { InputError, type InputName, parseInputs } from "../src/inputs/index.js";
import { oidcBearer } from "../src/inputs/oidc-auth.js";
import { createRedactor } from "../src/redact.js";
import { inputSource, REQUIRED_INPUTS } from "./helpers/input-source.js";

function parse(inputs: Partial<Record<InputName, string>>) {
  return parseInputs(inputSource({ ...REQUIRED_INPUTS, ...inputs }));
}

const RUNNER = {
  ACTIONS_ID_TOKEN_REQUEST_URL: "http://127.0.0.1:1/token",
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: "req",
};

describe("auth input", () => {
  it("defaults to key, which needs api-key", () => {
    expect(parse({}).auth).toBe("key");
    expect(() => parse({ "api-key": "" })).toThrow(/api-key/);
  });

  it("oidc needs no api-key and ignores one", () => {
    const config = parse({ auth: "oidc", "api-key": "", "base-url": "https://proxy.example.com" });
    expect(config).toMatchObject({ auth: "oidc", apiKey: "", baseUrl: "https://proxy.example.com" });
    expect(parse({ auth: "oidc", "base-url": "https://proxy.example.com" }).apiKey).toBe("");
  });

  it("oidc refuses Extend's own API as base-url, and unknown modes are refused", () => {
    expect(() => parse({ auth: "oidc" })).toThrow(/extendkit proxy/);
    expect(() => parse({ auth: "oidc", "base-url": "https://eu.api.extend.ai" })).toThrow(InputError);
    expect(() => parse({ auth: "jwt" })).toThrow(/must be key or oidc/);
  });
});

describe("oidcBearer", () => {
  const base = { audience: "https://proxy.example.com", redact: () => {} };

  it("asks for the base-url audience and redacts the token from then on", async () => {
    const redact = createRedactor([]);
    const asked: string[] = [];
    const token = await oidcBearer({
      ...base,
      env: RUNNER,
      policy: "fail",
      getIDToken: async (audience) => {
        asked.push(audience);
        return "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln";
      },
      redact: (t) => redact.add?.(t),
    });
    expect(asked).toEqual(["https://proxy.example.com"]);
    expect(redact(`Bearer ${token}`)).toBe("Bearer ***");
  });

  it("without the runner's token request environment: fail throws, skip and warn return null", async () => {
    const never = async () => {
      throw new Error("must not be called");
    };
    await expect(oidcBearer({ ...base, env: {}, policy: "fail", getIDToken: never })).rejects.toThrow(
      /id-token: write/,
    );
    for (const policy of ["skip", "warn"] as const) {
      expect(await oidcBearer({ ...base, env: {}, policy, getIDToken: never })).toBeNull();
    }
  });

  it("a refused token request fails the step without quoting the request token", async () => {
    const error = await oidcBearer({
      ...base,
      env: RUNNER,
      policy: "skip",
      getIDToken: async () => {
        throw new Error("Failed to get ID Token. Error Code : 401");
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(String(error)).toContain("did not issue an ID token");
    expect(String(error)).not.toContain("req");
  });
});
