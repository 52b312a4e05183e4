export {
  type ActionBundleOptions,
  type ActionBundleRun,
  runActionBundle,
  type StartedActionBundle,
  startActionBundle,
} from "./action-bundle.js";
export {
  type EmulatorProcess,
  type EmulatorProcessOptions,
  emulatorArgs,
  startEmulatorProcess,
} from "./emulator-process.js";
export { freePort, isPortClosed } from "./free-port.js";
export {
  type GitHubApiServer,
  type GitHubApiServerOptions,
  type GitHubComment,
  type GitHubRequestRecord,
  startGitHubApiServer,
} from "./github-api-server.js";
export { inputVariable, parseGithubOutput } from "./github-output.js";
export { type RunningServer, serverWhenReady, waitForHttp } from "./http-ready.js";
export {
  type ManagedProcess,
  type StartProcessOptions,
  signalGroup,
  startProcess,
} from "./managed-process.js";
export { findNode20, type NodeBinary, node24Path, requireNode24 } from "./node-binaries.js";
export { type GitHubOidcClaims, type OidcIssuer, startOidcIssuer } from "./oidc-issuer.js";
export { commandLine, commandName, descendants, isAlive, residentKiB } from "./process-tree.js";
export {
  newClientToken,
  type ProxyClient,
  proxyClients,
  proxyClientsJson,
  sha256Hex,
} from "./proxy-clients.js";
export { type ProxyServerOptions, startProxyServer } from "./proxy-server.js";
export { bunBin, denoBin, startBunServer, startDenoServer } from "./runtime-servers.js";
export { ACTION_BUNDLE, DOCUMENTS_DIR, QUIET_ENV, REPO_ROOT, WORKER_DIR } from "./workspace.js";
export {
  startWranglerDev,
  type WranglerDevOptions,
  type WranglerDevServer,
  wranglerBin,
} from "./wrangler-dev.js";
