// Proxy client credentials as the proxy's operator configures them: opaque bearer tokens handed to
// clients, and PROXY_CLIENTS keyed by the SHA-256 hex of each token (plain tokens are never stored).
// Web APIs only (crypto.subtle): this module is imported inside workerd as well as in Node.

/** A client entry of PROXY_CLIENTS (the proxy validates the full shape; tests may add more fields). */
export interface ProxyClient {
  tenant: string;
  tags: string[];
  scopes: readonly string[];
  processors: string[];
  [setting: string]: unknown;
}

/** SHA-256 hex of a token: its key in PROXY_CLIENTS. */
export async function sha256Hex(value: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(value));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** A fresh random client token, `ekc_<label>_<36 hex>`. */
export function newClientToken(label: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return `ekc_${label}_${Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("")}`;
}

/** PROXY_CLIENTS for a set of tokens: SHA-256 hex of each token → its client record. */
export async function proxyClients(
  entries: ReadonlyArray<{ token: string; client: ProxyClient }>,
): Promise<Record<string, ProxyClient>> {
  const clients: Record<string, ProxyClient> = {};
  for (const { token, client } of entries) clients[await sha256Hex(token)] = client;
  return clients;
}

/** PROXY_CLIENTS as the JSON string the proxy's secret holds. */
export async function proxyClientsJson(
  entries: ReadonlyArray<{ token: string; client: ProxyClient }>,
): Promise<string> {
  return JSON.stringify(await proxyClients(entries));
}
