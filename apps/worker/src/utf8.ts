/** Decodes UTF-8 strictly: invalid bytes throw instead of turning into U+FFFD. */
export function decodeUtf8Strict(bytes: Uint8Array): string {
  return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
}
