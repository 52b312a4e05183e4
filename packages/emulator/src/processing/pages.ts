/**
 * Splits text into pages on form feed (`\f`), the page separator of plain-text documents. Line endings are
 * normalised to `\n`. A trailing form feed does not open an empty last page. Always at least one page.
 */
export function textToPages(text: string): string[] {
  const normalised = text.replace(/\r\n?/g, "\n");
  const pages = normalised.split("\f");
  while (pages.length > 1 && (pages[pages.length - 1] ?? "").trim() === "") pages.pop();
  return pages;
}

/** True when no page has any non-whitespace character. */
export function hasNoReadableText(pages: readonly string[]): boolean {
  return pages.every((page) => page.trim() === "");
}
