import { describe, expect, it } from "vitest";
import { sanitizeUsageTag, sanitizeUsageTags, USAGE_TAGS_KEY } from "../../src/index.js";

describe("usage tags follow Extend's rule", () => {
  it("the key is the documented metadata key", () => {
    expect(USAGE_TAGS_KEY).toBe("extend:usage_tags");
  });

  it("removes every character that is not an ASCII letter, digit, - or _", () => {
    expect(sanitizeUsageTag("cust 9!")).toBe("cust9");
    expect(sanitizeUsageTag("team-eng_2")).toBe("team-eng_2");
    expect(sanitizeUsageTag("gh-repo-octo/hello.world")).toBe("gh-repo-octohelloworld");
    expect(sanitizeUsageTag("tenant-a\u0000cme")).toBe("tenant-acme");
    expect(sanitizeUsageTag("Ünïcödé-ok")).toBe("ncd-ok");
    expect(sanitizeUsageTag("emoji🙂tag")).toBe("emojitag");
    expect(sanitizeUsageTag("a\nb\tc\r\u200bd")).toBe("abcd");
    expect(sanitizeUsageTag("<script>x</script>")).toBe("scriptxscript");
    expect(sanitizeUsageTag("!@#$%")).toBe("");
  });

  it("a list keeps order and drops empties and repeats", () => {
    expect(sanitizeUsageTags(["b", "a!", "!!!", "a", "", "c d", "cd"])).toEqual(["b", "a", "cd"]);
  });
});
