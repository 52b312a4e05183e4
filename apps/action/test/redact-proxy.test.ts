import { describe, expect, it } from "vitest";
import { createProxyFetch, redactProxyUrl } from "../src/proxy.js";
import { createRedactor } from "../src/redact.js";

describe("createRedactor", () => {
  it("replaces every occurrence of every secret, longest first", () => {
    const redact = createRedactor(["sk_live_abc", "sk_live_abcdef"]);
    expect(redact("a sk_live_abcdef b sk_live_abc c sk_live_abc")).toBe("a *** b *** c ***");
  });
  it("ignores empty and very short secrets", () => {
    expect(createRedactor(["", "ab"])("ab cd")).toBe("ab cd");
  });
});

describe("createProxyFetch", () => {
  it("is off without proxy variables", () => {
    expect(createProxyFetch({})).toBeUndefined();
    expect(createProxyFetch({ NO_PROXY: "*" })).toBeUndefined();
  });
  it("reads upper- and lower-case variables and describes them without credentials", () => {
    const setup = createProxyFetch({
      https_proxy: "http://u:secret@proxy.corp:3128",
      NO_PROXY: "localhost,.internal",
    });
    expect(setup?.description).toBe("HTTPS_PROXY=http://***@proxy.corp:3128, NO_PROXY=localhost,.internal");
    expect(createProxyFetch({ HTTP_PROXY: "http://proxy.corp:8080" })?.description).toBe(
      "HTTP_PROXY=http://proxy.corp:8080",
    );
  });
  it("redacts proxy URLs safely", () => {
    expect(redactProxyUrl("http://user:pw@h:1/")).toBe("http://***@h:1");
    expect(redactProxyUrl("not a url")).toBe("(unparseable proxy URL)");
  });
});
