// Where this package lives and how its helper processes are kept offline and quiet.
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** apps/worker */
export const WORKER_DIR = fileURLToPath(new URL("..", import.meta.url));
/** The workspace root (resolved, never hard-coded). */
export const REPO_ROOT = join(WORKER_DIR, "..", "..");

/** Environment that keeps wrangler, deno and bun offline and quiet. */
export const QUIET_ENV = {
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  DENO_NO_UPDATE_CHECK: "1",
  DENO_NO_PROMPT: "1",
  NO_COLOR: "1",
};
