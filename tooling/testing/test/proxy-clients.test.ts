import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { newClientToken, proxyClients, proxyClientsJson, sha256Hex } from "../src/proxy-clients.js";

describe("proxy clients", () => {
  it("keys PROXY_CLIENTS by the SHA-256 hex of each token and never stores the token", async () => {
    const a = newClientToken("alpha");
    const b = newClientToken("beta");
    expect(a).toMatch(/^ekc_alpha_[0-9a-f]{36}$/);
    expect(a).not.toBe(newClientToken("alpha"));
    const client = { tenant: "t", tags: [], scopes: ["runs:read"], processors: ["*"] };
    const clients = await proxyClients([
      { token: a, client },
      { token: b, client: { ...client, tenant: "u" } },
    ]);
    expect(Object.keys(clients)).toEqual([
      createHash("sha256").update(a).digest("hex"),
      createHash("sha256").update(b).digest("hex"),
    ]);
    expect(await sha256Hex(a)).toBe(createHash("sha256").update(a).digest("hex"));
    const json = await proxyClientsJson([{ token: a, client }]);
    expect(json).not.toContain(a);
    expect(JSON.parse(json)).toEqual({ [await sha256Hex(a)]: client });
  });
});
