import { mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { WorkspaceFile } from "../../src/engine/find-files.js";

/** A temporary workspace with text documents the emulator can read. */
export interface TempWorkspace {
  dir: string;
  /** Writes files (path → content) and returns them as the engine's file list, in the given order. */
  write(files: Record<string, string>): Promise<WorkspaceFile[]>;
  remove(): Promise<void>;
}

/** An invoice-like text document (the emulator's extractor reads `Invoice Number:` lines). */
export function invoiceText(number: string, extra = ""): string {
  return `ACME Corp\nInvoice Number: ${number}\nInvoice Date: 2024-03-01\nTotal: 120.50 USD\n${extra}\n`;
}

/** Creates a temporary workspace. */
export async function createWorkspace(prefix = "extendkit-action-"): Promise<TempWorkspace> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return {
    dir,
    async write(files) {
      const out: WorkspaceFile[] = [];
      for (const [path, content] of Object.entries(files)) {
        const absolutePath = join(dir, path);
        await mkdir(dirname(absolutePath), { recursive: true });
        await writeFile(absolutePath, content);
        out.push({ path, absolutePath, bytes: (await stat(absolutePath)).size });
      }
      return out;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
