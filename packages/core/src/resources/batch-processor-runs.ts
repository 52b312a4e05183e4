import type { APIPromise } from "../api-promise.ts";
import { path } from "../internal/path.ts";
import type { Transport } from "../internal/transport.ts";
import type { BatchProcessorRun } from "../types/batch-processor-run.ts";
import type { RequestOptions } from "../types/common.ts";

/** `client.batchProcessorRuns`: read batch (evaluation) runs. */
export class BatchProcessorRuns {
  readonly #transport: Transport;

  /** @internal */
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** Gets a batch run with its metrics (`GET /batch_processor_runs/{id}`). */
  get(id: string, options?: RequestOptions): APIPromise<BatchProcessorRun> {
    return this.#transport.call(
      () => ({ path: path`/batch_processor_runs/${id}`, pick: "batchProcessorRun" }),
      options,
    );
  }
}
