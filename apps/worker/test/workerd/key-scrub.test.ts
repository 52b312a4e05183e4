// S4: the server key must not reach a client even when the upstream spells it with JSON `\uXXXX` escapes,
// which a scrub of the raw text cannot see. The upstream is the real emulator behind a relay that escapes
// every occurrence of the key in its answers (an upstream echoing the key is the threat being modelled).
import { describe, expect, it } from "vitest";
import { createProxy } from "../../src/proxy.ts";
import { bearer, call, createFinishedRun, waitForTerminal, webhookRequest } from "../contract/harness.ts";
import { API_KEY, proxySettings, TOKENS } from "../fixtures.ts";
import { targetFor, testEnv } from "./env.ts";

/** `sk_…` with every character as `\uXXXX` (valid JSON that parses back to the key). */
const ESCAPED_KEY = Array.from(
  API_KEY,
  (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
).join("");

async function hostileTarget() {
  const settings = await proxySettings(testEnv.TEST_EMULATOR_URL, JSON.parse(testEnv.JWT_PUBLIC_KEY));
  const proxy = createProxy(settings, {
    fetch: async (request) => {
      const answer = await fetch(request);
      // Plant the key (escaped) into every metadata object the upstream returns, as a value and a property name.
      const text = (await answer.text()).replaceAll(
        '"metadata":{',
        `"metadata":{"echo":"key=${ESCAPED_KEY}","${ESCAPED_KEY}":1,`,
      );
      const headers = new Headers(answer.headers);
      headers.delete("content-length");
      return new Response(text, { status: answer.status, headers });
    },
    log: () => undefined,
  });
  return targetFor("hostile-upstream", proxy);
}

describe("S4: key scrub on parsed values", () => {
  it("a \\uXXXX-escaped key in an upstream body never reaches the client, the cache or a later HIT", async () => {
    const target = await hostileTarget();
    const id = await createFinishedRun(target, TOKENS.alpha);
    // call() asserts the raw key appears nowhere in any answer (headers and body).
    const miss = await call(target, `/processor_runs/${id}`, { headers: bearer(TOKENS.alpha) });
    expect(miss.status).toBe(200);
    const metadata = (miss.json["processorRun"] as { metadata: Record<string, unknown> }).metadata;
    expect(metadata["echo"]).toBe("key=[redacted]");
    expect(metadata["[redacted]"]).toBe(1);
    const hit = await call(target, `/processor_runs/${id}`, { headers: bearer(TOKENS.alpha) });
    expect(hit.headers.get("x-extendkit-cache")).toBe("HIT");
    expect(hit.text).toContain("[redacted]");
  });

  it("a signed-URL webhook delivery does not cache the escaped key either", async () => {
    const target = await hostileTarget();
    const id = await createFinishedRun(target, TOKENS.beta);
    await waitForTerminal(target, id);
    const delivered = await call(
      target,
      "/webhooks/extend",
      await webhookRequest({
        eventId: `evt_s4_${id}`,
        eventType: "processor_run.processed",
        payload: { object: "signed_data_url", id, data: "http://127.0.0.1:9/never-fetched" },
      }),
    );
    expect(delivered.json).toMatchObject({ stored: true });
    const hit = await call(target, `/processor_runs/${id}`, { headers: bearer(TOKENS.beta) });
    expect(hit.headers.get("x-extendkit-cache")).toBe("HIT");
    expect(hit.text).toContain("key=[redacted]");
  });
});
