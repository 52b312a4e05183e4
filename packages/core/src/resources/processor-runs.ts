import type { APIPromise } from "../api-promise.ts";
import { path } from "../internal/path.ts";
import type { Transport } from "../internal/transport.ts";
import { validateCreateParams } from "../internal/validate.ts";
import { listPages, type PagePromise } from "../pagination.ts";
import { isTerminalStatus, pollUntilTerminal } from "../polling.ts";
import type { KnownProcessorType, RequestOptions } from "../types/common.ts";
import type {
  CreateProcessorRunParams,
  DeleteProcessorRunResult,
  ListProcessorRunsParams,
  ProcessorRun,
  ProcessorRunSummary,
  WaitOptions,
} from "../types/processor-run.ts";

/** The server gives up on a sync run after 5 minutes; the client waits a little longer so it never races it. */
export const SYNC_TIMEOUT_MS = 330_000;

/**
 * `client.processorRuns`: run processors on files or text, read, list, cancel, delete and wait for runs.
 * Type arguments such as `get<"EXTRACT">(id)` assert the processor type you know a run has.
 */
export class ProcessorRuns {
  readonly #transport: Transport;

  /** @internal */
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * Starts a run (`POST /processor_runs`). Never repeated after an uncertain failure: such errors have
   * `mayHaveCreatedRun: true` and say how to find the run.
   */
  create<T extends KnownProcessorType = KnownProcessorType>(
    params: CreateProcessorRunParams,
    options?: RequestOptions,
  ): APIPromise<ProcessorRun<T>> {
    return this.#transport.call(() => {
      validateCreateParams(params);
      return {
        method: "POST",
        path: "/processor_runs",
        json: params,
        policy: "create",
        pick: "processorRun",
        minTimeoutMs: params.sync ? SYNC_TIMEOUT_MS : 0,
        uncertain: {
          run: true,
          hint: `The run may exist (not retried): find it with client.processorRuns.list({ processorId: ${JSON.stringify(params.processorId)} }) or by your metadata.`,
        },
      };
    }, options);
  }

  /** Gets a run with its output (`GET /processor_runs/{id}`). */
  get<T extends KnownProcessorType = KnownProcessorType>(
    id: string,
    options?: RequestOptions,
  ): APIPromise<ProcessorRun<T>> {
    return this.#transport.call(() => ({ path: path`/processor_runs/${id}`, pick: "processorRun" }), options);
  }

  /** Lists runs, newest first by default: await for one page or `for await` over every run. */
  list(params: ListProcessorRunsParams = {}, options?: RequestOptions): PagePromise<ProcessorRunSummary> {
    return listPages(this.#transport, "/processor_runs", "processorRuns", params, options);
  }

  /** Cancels a PROCESSING run (`POST /processor_runs/{id}/cancel`); resolves to the CANCELLED run. */
  cancel<T extends KnownProcessorType = KnownProcessorType>(
    id: string,
    options?: RequestOptions,
  ): APIPromise<ProcessorRun<T>> {
    return this.#transport.call(
      () => ({ method: "POST", path: path`/processor_runs/${id}/cancel`, pick: "processorRun" }),
      options,
    );
  }

  /** Permanently deletes a run and its data (`DELETE /processor_runs/{id}`). */
  delete(id: string, options?: RequestOptions): APIPromise<DeleteProcessorRunResult> {
    return this.#transport.call(
      () => ({ method: "DELETE", path: path`/processor_runs/${id}` }),
      options,
      (data) => ({
        id: String(data["documentProcessorRunId"] ?? id),
        message: String(data["message"] ?? ""),
      }),
    );
  }

  /**
   * Polls a run until it is PROCESSED, FAILED or CANCELLED and returns it (a FAILED run is data, not an
   * exception). Throws `WaitTimeoutError` (with the last seen `run`) when `timeoutMs` passes first.
   */
  wait<T extends KnownProcessorType = KnownProcessorType>(
    id: string,
    options: WaitOptions<ProcessorRun<T>> = {},
  ): Promise<ProcessorRun<T>> {
    return pollUntilTerminal((opts) => this.get<T>(id, opts), id, options);
  }

  /** `create`, then `wait` (skipped when the create response is already terminal, e.g. `sync: true`). */
  async createAndWait<T extends KnownProcessorType = KnownProcessorType>(
    params: CreateProcessorRunParams,
    options: WaitOptions<ProcessorRun<T>> = {},
  ): Promise<ProcessorRun<T>> {
    const run = await this.create<T>(params, options.signal ? { signal: options.signal } : {});
    if (isTerminalStatus(run.status)) {
      options.onUpdate?.(run);
      return run;
    }
    return this.wait<T>(run.id, options);
  }
}
