// What the action benchmarks share: a workspace of small invoice documents and the median of a sample.
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The median of `values` (the mean of the middle two for an even count). */
export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** A temporary workspace with `count` one-page invoices at docs/invoice-NNN.txt. */
export async function workspaceWith(count) {
  const dir = await mkdtemp(join(tmpdir(), "extendkit-bench-"));
  await mkdir(join(dir, "docs"), { recursive: true });
  for (let i = 0; i < count; i++) {
    const n = String(i).padStart(3, "0");
    await writeFile(
      join(dir, "docs", `invoice-${n}.txt`),
      `ACME Corp\nInvoice Number: INV-${n}\nTotal: ${100 + i}.00 USD\n`,
    );
  }
  return dir;
}
