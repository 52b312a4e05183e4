// The ActionDeps the gate's in-process tests share: a runner-like environment in a temp workspace, the
// in-process emulator as the transport, the test key redacted.
import { join } from "node:path";
import type { ActionDeps } from "../../src/action.js";
import { createRedactor } from "../../src/redact.js";
import type { RunnerIO } from "../../src/runner-io.js";
import { TEST_KEY } from "../helpers/in-process.js";

/** Deps of one action run in `workspace` (RUNNER_TEMP is `<workspace>/.runner`) over `fetch`. */
export function gateDeps(io: RunnerIO, workspace: string, fetch: ActionDeps["fetch"]): ActionDeps {
  return {
    io,
    env: {
      GITHUB_WORKSPACE: workspace,
      RUNNER_TEMP: join(workspace, ".runner"),
      GITHUB_REPOSITORY: "acme/x",
    },
    cwd: workspace,
    tmpDir: workspace,
    redact: createRedactor([TEST_KEY]),
    signal: new AbortController().signal,
    ...(fetch ? { fetch } : {}),
  };
}
