/**
 * Entry logic under the runner: masks the key before anything else, wires the runner's IO and its
 * cancellation signals into the action, and holds the single catch that reports failure.
 */
import { tmpdir } from "node:os";
import { ActionFailure, runAction } from "./action.js";
import { InputError } from "./inputs/index.js";
import { createRedactor, redactIO } from "./redact.js";
import { createRunnerIO, markFailed, maskSecret, readInput, reportFailure } from "./runner-io.js";

const SIGNALS = ["SIGINT", "SIGTERM"] as const;

/** Runs the action as the GitHub runner starts it. Never throws; failures set the exit code. */
export async function run(): Promise<void> {
  const apiKey = readInput("api-key").trim();
  maskSecret(apiKey);
  const redact = createRedactor([apiKey]);
  const io = redactIO(createRunnerIO(), redact);
  io.debug(`extendkit action on Node ${process.version}`);

  // The runner cancels a job with SIGINT, then SIGTERM: stop starting files, cancel runs in flight,
  // write every report, and exit non-zero (the verdict of an aborted run is always a failure).
  const abort = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (!abort.signal.aborted) io.warning(`Received ${signal}: stopping and writing the results.`);
    abort.abort(signal);
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  try {
    await runAction({
      io,
      env: process.env,
      cwd: process.cwd(),
      tmpDir: tmpdir(),
      redact,
      signal: abort.signal,
    });
  } catch (error) {
    try {
      io.setOutput("status", "failure");
    } catch {
      // The output file itself may be what failed; the failure message below still reaches the log.
    }
    if (error instanceof ActionFailure && error.annotated) {
      markFailed(redact(error.message));
      return;
    }
    const message =
      error instanceof ActionFailure || error instanceof InputError
        ? error.message
        : `Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    reportFailure(redact(message));
  } finally {
    for (const signal of SIGNALS) process.off(signal, onSignal);
  }
}
