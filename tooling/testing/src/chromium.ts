// Headless Chromium for every browser test, provisioned by the repository itself: @sparticuz/chromium ships
// the browser inside its npm package, so a machine with only Node and the repo runs the browser tests (no
// apt-get, no browser download). The binary links the system's libnss3, libnspr4 and libexpat.
//
// We unpack the package's `bin/chromium.br` ourselves instead of calling its `executablePath()`: that one
// writes to an unversioned /tmp/chromium and returns it as soon as the path exists, so two test processes
// starting at once (or a Chromium left there by another version) could launch a half-written or foreign
// binary. Here each version gets its own directory and the binary appears by an atomic rename. Its `args`
// are not used either: they include --disable-web-security and --single-process, which would switch off
// the very CORS checks the browser tests assert.
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { createBrotliDecompress } from "node:zlib";
import { type Browser, chromium, type LaunchOptions } from "playwright-core";

/**
 * Flags every launch uses: run as root in a container, and stay off the network (without the
 * background-networking flags Chromium keeps dialling Google hosts, which a closed CI network refuses).
 */
export const CHROMIUM_ARGS: readonly string[] = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Where the registry Chromium is unpacked: one directory per package version. */
export function registryChromiumDir(): string {
  return join(tmpdir(), `extendkit-chromium-${registryPackage().version}`);
}

function registryPackage(): { dir: string; version: string } {
  // The package's only export is its ESM entry (build/index.js); its root is two levels up.
  const entry = createRequire(import.meta.url).resolve("@sparticuz/chromium");
  const dir = dirname(dirname(entry));
  const { version } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string };
  return { dir, version };
}

/** Unpacks the registry Chromium once per version and returns its path. */
export async function registryChromium(): Promise<string> {
  const binary = join(registryChromiumDir(), "chromium");
  if (existsSync(binary)) return binary;
  mkdirSync(dirname(binary), { recursive: true });
  const partial = `${binary}.${process.pid}.partial`;
  try {
    const archive = join(registryPackage().dir, "bin", "chromium.br");
    await pipeline(
      createReadStream(archive),
      createBrotliDecompress(),
      createWriteStream(partial, { mode: 0o755 }),
    );
    // Atomic: a concurrent unpacker's rename just replaces one identical file with another.
    renameSync(partial, binary);
  } finally {
    rmSync(partial, { force: true });
  }
  return binary;
}

/** The Chromium to drive: `CHROMIUM_PATH` when set (e.g. Debian's /usr/bin/chromium), else the registry one. */
export async function chromiumPath(): Promise<string> {
  const override = process.env["CHROMIUM_PATH"];
  return override ? override : registryChromium();
}

/** Launches headless Chromium with {@link CHROMIUM_ARGS} (extra launch options are merged in). */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({
    ...options,
    executablePath: await chromiumPath(),
    headless: true,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
}
