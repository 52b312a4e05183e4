// The store contract (test/store/conformance.ts) on the real deno binary (Deno KV) and the real bun binary
// (bun:sqlite); workerd's Durable Objects run it in test/workerd/store-conformance.test.ts.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { bunBin, denoBin, QUIET_ENV, WORKER_DIR } from "@extendkit/testing";
import { afterAll, expect, it } from "vitest";

const run = promisify(execFile);
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function stateFile(): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), "extendkit-store-"));
  dirs.push(dir);
  return { dir, file: join(dir, "state.sqlite") };
}

const env = { ...process.env, ...QUIET_ENV };

it("DenoKvStore keeps the store contract on deno", { timeout: 60_000 }, async () => {
  const { dir, file } = await stateFile();
  const args = ["run", "--no-prompt", "--unstable-kv", `--allow-read=${dir}`, `--allow-write=${dir}`];
  const { stdout } = await run(denoBin(), [...args, join(WORKER_DIR, "test/store/deno-check.ts"), file], {
    cwd: WORKER_DIR,
    env,
  });
  expect(JSON.parse(stdout.trim().split("\n").at(-1)!)).toEqual({ checks: 33 });
});

it("SqlStore keeps the store contract on bun (bun:sqlite)", { timeout: 60_000 }, async () => {
  const { file } = await stateFile();
  const { stdout } = await run(bunBin(), ["run", join(WORKER_DIR, "test/store/bun-check.ts"), file], {
    cwd: WORKER_DIR,
    env,
  });
  expect(JSON.parse(stdout.trim().split("\n").at(-1)!)).toEqual({ checks: 33 });
});
