/** Currency symbols and the ISO 4217 code they most commonly stand for. */
const CURRENCY_SYMBOLS: ReadonlyArray<[string, string]> = [
  ["US$", "USD"],
  ["CA$", "CAD"],
  ["A$", "AUD"],
  ["€", "EUR"],
  ["£", "GBP"],
  ["¥", "JPY"],
  ["₹", "INR"],
  ["CHF", "CHF"],
  ["$", "USD"],
];

/** ISO 4217 codes recognised in text (the common ones; anything else is not guessed). */
const ISO_CODES = new Set([
  "USD",
  "EUR",
  "GBP",
  "CHF",
  "JPY",
  "CAD",
  "AUD",
  "NZD",
  "SEK",
  "NOK",
  "DKK",
  "PLN",
  "CZK",
  "INR",
  "CNY",
  "SGD",
  "HKD",
  "MXN",
  "BRL",
  "ZAR",
]);

/** The ISO 4217 code written or implied (by a symbol) in a piece of text, or null. */
export function detectCurrency(text: string): string | null {
  for (const match of text.matchAll(/\b([A-Z]{3})\b/g)) {
    const code = match[1] ?? "";
    if (ISO_CODES.has(code)) return code;
  }
  for (const [symbol, code] of CURRENCY_SYMBOLS) {
    if (symbol.length === 1 ? text.includes(symbol) : text.toUpperCase().includes(symbol)) return code;
  }
  return null;
}

/**
 * Parses an amount as written in documents: currency symbols/codes ignored, thousands separators
 * (`,` `.` space `'`) removed, decimal comma or point, `(12.00)` and a leading minus as negative.
 * When both `,` and `.` appear the later one is the decimal mark; a lone `,` is decimal only when followed
 * by one or two digits (`1,5` / `12,50`), a lone `.` is thousands only when repeated (`1.234.567`).
 */
export function parseNumber(raw: string): number | null {
  const text = raw.trim();
  // Spaces and apostrophes group thousands only in groups of three ("1 234,56"), so "2 50.00" is not 250.
  const match = /\d{1,3}(?:['\u00a0\u202f ]\d{3})+(?:[.,]\d+)?(?!\d)|\d[\d.,]*\d|\d/.exec(text);
  if (!match) return null;
  // A minus or an opening parenthesis before the digits (a currency sign may sit in between) means negative.
  const negative = /(?:^|\s)[-−(]\s*[^\d\s]{0,4}\s*$/.test(text.slice(0, match.index));
  let digits = match[0].replace(/['\u00a0\u202f ]/g, "");
  const lastComma = digits.lastIndexOf(",");
  const lastDot = digits.lastIndexOf(".");
  if (lastComma >= 0 && lastDot >= 0) {
    const decimal = lastComma > lastDot ? "," : ".";
    const thousands = decimal === "," ? "." : ",";
    digits = digits.split(thousands).join("").replace(decimal, ".");
  } else if (lastComma >= 0) {
    const parts = digits.split(",");
    const isDecimal = parts.length === 2 && (parts[1]?.length ?? 0) <= 2;
    digits = isDecimal ? parts.join(".") : parts.join("");
  } else if (lastDot >= 0 && digits.split(".").length > 2) {
    digits = digits.split(".").join("");
  }
  const value = Number(digits);
  if (!Number.isFinite(value)) return null;
  return negative ? -value : value;
}

/** An integer: a parsed number rounded to the nearest whole number. */
export function parseInteger(raw: string): number | null {
  const value = parseNumber(raw);
  return value === null ? null : Math.round(value);
}

const TRUE_WORDS = new Set(["yes", "y", "true", "x", "checked", "signed", "✓", "✔", "1", "on"]);
const FALSE_WORDS = new Set(["no", "n", "false", "unchecked", "unsigned", "0", "off", "none"]);

/** yes/no, true/false, checked/unchecked and ticks as a boolean; null for anything else. */
export function parseBoolean(raw: string): boolean | null {
  const word = raw.trim().toLowerCase().replace(/[.!]$/, "");
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return null;
}

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

/**
 * A date as `YYYY-MM-DD` from the common written forms: ISO (`2025-03-05`, `2025/03/05`), European dotted
 * (`05.03.2025`, day first), slashed or dashed numeric (`03/05/2025`: month first as in the US unless the first
 * number exceeds 12), and month names (`March 5, 2025`, `5 Mar 2025`, `05-Mar-2025`). Null when none fits or
 * the date does not exist.
 */
export function parseDate(raw: string): string | null {
  const text = raw.trim().toLowerCase();
  let match = /\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b/.exec(text);
  if (match) return isoDate(Number(match[1]), Number(match[2]), Number(match[3]));
  match = /\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b/.exec(text);
  if (match) return isoDate(Number(match[3]), Number(match[2]), Number(match[1]));
  match = /\b(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})\b/.exec(text);
  if (match) {
    const first = Number(match[1]);
    const second = Number(match[2]);
    const year = normaliseYear(match[3] ?? "");
    return first > 12 ? isoDate(year, second, first) : isoDate(year, first, second);
  }
  match = /\b([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b/.exec(text);
  if (match && monthNumber(match[1] ?? "") !== null) {
    return isoDate(Number(match[3]), monthNumber(match[1] ?? "") ?? 0, Number(match[2]));
  }
  match = /\b(\d{1,2})(?:st|nd|rd|th)?(?:\s+|-)(?:of\s+)?([a-z]{3,9})\.?,?(?:\s+|-)(\d{4})\b/.exec(text);
  if (match && monthNumber(match[2] ?? "") !== null) {
    return isoDate(Number(match[3]), monthNumber(match[2] ?? "") ?? 0, Number(match[1]));
  }
  return null;
}

function monthNumber(word: string): number | null {
  const month = MONTHS[word.slice(0, word.startsWith("sept") ? 4 : 3)];
  if (month === undefined) return null;
  const full = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
  ];
  const fullNames = [...full, "november", "december"];
  return word.length <= 4 || fullNames[month - 1] === word ? month : null;
}

function normaliseYear(raw: string): number {
  const year = Number(raw);
  return raw.length === 2 ? 2000 + year : year;
}

function isoDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1000 || year > 9999) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return null;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}
