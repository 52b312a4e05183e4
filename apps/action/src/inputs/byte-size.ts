/**
 * Byte sizes as users write them: `100MiB`, `50MB`, `512KiB`, `1GiB`, or plain bytes. Binary (KiB, MiB,
 * GiB) and decimal (KB, MB, GB) units are both accepted, case-insensitively.
 */
import { fail, read } from "./input-error.js";
import type { InputName, InputSource } from "./input-names.js";

const UNITS: Record<string, number> = {
  "": 1,
  b: 1,
  kb: 1000,
  mb: 1000 ** 2,
  gb: 1000 ** 3,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

/** Parses a size such as `100MiB` into bytes, or undefined when it is not one. */
export function parseSize(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const unit = UNITS[(match?.[2] ?? "").toLowerCase()];
  if (!match || unit === undefined) return undefined;
  const bytes = Math.floor(Number(match[1]) * unit);
  return bytes > 0 && Number.isSafeInteger(bytes) ? bytes : undefined;
}

/** A byte-size input (at least 1 byte). */
export function parseByteSize(source: InputSource, name: InputName): number {
  const value = read(source, name);
  const bytes = parseSize(value);
  if (bytes === undefined)
    return fail(name, "must be a size such as 100MiB, 50MB, 512KiB or plain bytes", value);
  return bytes;
}

/** `104857600` → `100 MiB`, for messages. */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1).replace(/\.0$/, "")} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1).replace(/\.0$/, "")} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, "")} KiB`;
  return `${bytes} B`;
}
