import { describe, expect, it } from "vitest";
import {
  detectCurrency,
  parseBoolean,
  parseDate,
  parseInteger,
  parseNumber,
} from "../../src/processing/coerce.js";

describe("parseNumber", () => {
  it.each([
    ["$1,234.50", 1234.5],
    ["1.234,50 €", 1234.5],
    ["EUR 12.480,50", 12480.5],
    ["1 234,56", 1234.56],
    ["CHF 1'250.00", 1250],
    ["12,5", 12.5],
    ["1,234", 1234],
    ["1,234,567", 1234567],
    ["1.234.567", 1234567],
    ["3.5", 3.5],
    ["42", 42],
    ["-17.25", -17.25],
    ["($45.00)", -45],
    ["USD -3", -3],
    ["Total 7 items", 7],
    ["2 50.00", 2],
    ["Ref-No 5", 5],
    ["-$5", -5],
  ])("%s → %d", (text, value) => {
    expect(parseNumber(text)).toBe(value);
  });

  it("returns null without digits", () => {
    expect(parseNumber("N/A")).toBeNull();
    expect(parseNumber("")).toBeNull();
  });
});

describe("parseInteger", () => {
  it("rounds to a whole number", () => {
    expect(parseInteger("12 pcs")).toBe(12);
    expect(parseInteger("2.6")).toBe(3);
    expect(parseInteger("1,000")).toBe(1000);
    expect(parseInteger("none")).toBeNull();
  });
});

describe("parseBoolean", () => {
  it.each([
    ["Yes", true],
    ["no", false],
    ["TRUE", true],
    ["false", false],
    ["Y", true],
    ["n", false],
    ["x", true],
    ["✓", true],
    ["maybe", null],
    ["", null],
  ])("%s → %s", (text, value) => {
    expect(parseBoolean(text)).toBe(value);
  });
});

describe("parseDate", () => {
  it.each([
    ["2025-03-14", "2025-03-14"],
    ["2025/3/4", "2025-03-04"],
    ["14.03.2025", "2025-03-14"],
    ["03/14/2025", "2025-03-14"],
    ["04/03/2025", "2025-04-03"],
    ["31/12/2024", "2024-12-31"],
    ["1-2-25", "2025-01-02"],
    ["March 14, 2025", "2025-03-14"],
    ["Mar 4 2025", "2025-03-04"],
    ["Sept. 1, 2025", "2025-09-01"],
    ["14 March 2025", "2025-03-14"],
    ["1st of June, 2025", "2025-06-01"],
    ["05-Mar-2025", "2025-03-05"],
    ["Issued 2025-04-02 08:41", "2025-04-02"],
  ])("%s → %s", (text, iso) => {
    expect(parseDate(text)).toBe(iso);
  });

  it("returns null for impossible or absent dates", () => {
    expect(parseDate("2025-02-30")).toBeNull();
    expect(parseDate("13/13/2025")).toBeNull();
    expect(parseDate("Marching 5, 2025")).toBeNull();
    expect(parseDate("soon")).toBeNull();
  });
});

describe("detectCurrency", () => {
  it.each([
    ["Total: EUR 5", "EUR"],
    ["12,00 €", "EUR"],
    ["$5.00", "USD"],
    ["£3", "GBP"],
    ["CHF 1'250.00", "CHF"],
    ["USD 18,500 and later €", "USD"],
    ["US$ 10", "USD"],
    ["USA", null],
    ["no money here", null],
  ])("%s → %s", (text, code) => {
    expect(detectCurrency(text)).toBe(code);
  });
});
