import { detectCurrency, parseBoolean, parseDate, parseInteger, parseNumber } from "./coerce.js";
import type { FieldSpec } from "./field-spec.js";
import { type DocumentLine, normaliseLabel } from "./labels.js";

/** Converts the text of a value to the field's type; null when it cannot be read as that type. */
export function coerceValue(spec: FieldSpec, raw: string, lines: readonly DocumentLine[]): unknown {
  const text = raw.trim();
  if (text === "") return null;
  switch (spec.kind) {
    case "number":
      return parseNumber(text);
    case "integer":
      return parseInteger(text);
    case "boolean":
      return parseBoolean(text);
    case "date":
      return parseDate(text);
    case "enum":
      return matchEnum(spec.enumValues ?? [], text);
    case "currency": {
      const amount = parseNumber(text);
      if (amount === null) return null;
      const code = detectCurrency(text) ?? firstCurrencyIn(lines);
      const keys = spec.currencyKeys ?? { amount: "amount", code: "iso_4217_currency_code" };
      return { [keys.amount]: amount, [keys.code]: code };
    }
    default:
      return text;
  }
}

function firstCurrencyIn(lines: readonly DocumentLine[]): string | null {
  for (const line of lines) {
    const code = detectCurrency(line.text);
    if (code) return code;
  }
  return null;
}

function matchEnum(values: readonly string[], text: string): string | null {
  const wanted = normaliseLabel(text);
  const exact = values.find((v) => normaliseLabel(v) === wanted);
  if (exact !== undefined) return exact;
  const padded = ` ${wanted} `;
  return values.find((v) => normaliseLabel(v) !== "" && padded.includes(` ${normaliseLabel(v)} `)) ?? null;
}
