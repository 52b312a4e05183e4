const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  euro: "€",
  pound: "£",
  yen: "¥",
  copy: "©",
  reg: "®",
  ndash: "–",
  mdash: "—",
  hellip: "…",
};

/** Decodes the character references an HTML document commonly uses; unknown ones are left as written. */
export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref.startsWith("#x") || ref.startsWith("#X"))
      return safeCodePoint(Number.parseInt(ref.slice(2), 16), whole);
    if (ref.startsWith("#")) return safeCodePoint(Number.parseInt(ref.slice(1), 10), whole);
    return NAMED_ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

function safeCodePoint(code: number, fallback: string): string {
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fallback;
}

const BLOCK_TAGS =
  /<\/?(?:p|div|br|hr|li|ul|ol|tr|table|thead|tbody|tfoot|h[1-6]|section|article|header|footer|address|pre|blockquote|dt|dd|dl)\b[^>]*>/gi;

/**
 * The readable text of an HTML document: script/style/head content dropped, block elements and `<br>` become
 * line breaks, table cells are separated by a space, other tags removed and entities decoded. Lines are trimmed
 * and runs of blank lines collapsed so `Label: value` lines survive as lines.
 */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<(script|style|head|template)\b[\s\S]*?<\/\1\s*>/gi, "")
    .replace(/<\/t[dh]\s*>/gi, " ")
    .replace(BLOCK_TAGS, "\n")
    .replace(/<[^>]*>/g, "");
  return decodeHtmlEntities(text)
    .split("\n")
    .map((line) => line.replace(/[ \t\u00a0]+/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** Escapes text for inclusion in HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
