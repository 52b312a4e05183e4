// The contract and security suites against the Cloudflare entry (SELF: wrangler.jsonc + Cache API).
import { SELF } from "cloudflare:test";
import { contractSuite } from "../contract/contract-suite.ts";
import { findingsSuite } from "../contract/findings-suite.ts";
import { securitySuite } from "../contract/security-suite.ts";
import { stateSuite } from "../contract/state-suite.ts";
import { waitingSuite } from "../contract/waiting-suite.ts";
import { targetFor } from "./env.ts";

const target = targetFor("workerd", (request) => SELF.fetch(request));
contractSuite(() => target);
securitySuite(() => target);
findingsSuite(() => target);
waitingSuite(() => target);
stateSuite(() => target);
