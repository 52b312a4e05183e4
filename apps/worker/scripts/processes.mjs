// The one implementation of the servers the tests, benchmarks and the demo run around the proxy:
// `wrangler dev`, `deno serve`, `bun run`, free ports and process-tree stops. Published to the
// workspace as `@extendkit/worker/dev-server`; the emulator CLI comes from `@extendkit/emulator/process`.
export { freePort, isPortClosed } from "./free-port.mjs";
export { serverWhenReady, waitForHttp } from "./http-ready.mjs";
export { signalGroup, startProcess } from "./managed-process.mjs";
export { commandLine, commandName, descendants, isAlive, residentKiB } from "./process-tree.mjs";
export { bunBin, denoBin, startBun, startDeno } from "./runtime-servers.mjs";
export { QUIET_ENV, REPO_ROOT, WORKER_DIR } from "./worker-paths.mjs";
export { startWranglerDev, wranglerBin } from "./wrangler-dev.mjs";
