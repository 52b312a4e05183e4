// Debian's Chromium driven by playwright-core (no browser download). The flags keep Chromium off the
// closed network of CI machines and let it run as root in a container.
import { type Browser, chromium } from "playwright-core";

/** Flags every launch uses. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** The Chromium binary: CHROMIUM_PATH or Debian's /usr/bin/chromium. */
export function chromiumPath(): string {
  return process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
}

/** Launches headless Chromium. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
}
