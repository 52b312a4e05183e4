// Where the workspace's artifacts live, resolved from this package's location (src/ and dist/ are both
// one level below tooling/testing), so every caller works from any working directory and checkout path.
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The workspace root. */
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** apps/worker: the proxy's Worker project (wrangler.jsonc, the Deno and Bun entries). */
export const WORKER_DIR = join(REPO_ROOT, "apps", "worker");

/** The action's committed single-file bundle, run exactly as the GitHub runner runs it. */
export const ACTION_BUNDLE = join(REPO_ROOT, "apps", "action", "dist", "index.js");

/** The sample documents shipped with the repository. */
export const DOCUMENTS_DIR = join(REPO_ROOT, "examples", "documents");

/** Environment that keeps wrangler, deno and bun offline and quiet. */
export const QUIET_ENV: Readonly<Record<string, string>> = {
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  DENO_NO_UPDATE_CHECK: "1",
  DENO_NO_PROMPT: "1",
  NO_COLOR: "1",
};
