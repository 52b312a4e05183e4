// The shared contract and security suites, from Node, against the Deno or Bun server started by
// global-setup.ts (the runtime is chosen by PROXY_RUNTIME).
import { inject } from "vitest";
import { contractSuite } from "../test/contract/contract-suite.ts";
import { findingsSuite } from "../test/contract/findings-suite.ts";
import type { ProxyTarget } from "../test/contract/harness.ts";
import { securitySuite } from "../test/contract/security-suite.ts";
import { stateSuite } from "../test/contract/state-suite.ts";
import { waitingSuite } from "../test/contract/waiting-suite.ts";

const proxyUrl = inject("proxyUrl");
const target: ProxyTarget = {
  name: inject("runtime"),
  fetch: (path, init) => fetch(`${proxyUrl}${path}`, init),
  emulatorUrl: inject("emulatorUrl"),
  es256PrivateJwk: inject("es256PrivateJwk"),
};

contractSuite(() => target);
securitySuite(() => target);
findingsSuite(() => target);
waitingSuite(() => target);
stateSuite(() => target);
