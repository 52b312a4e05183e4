/** The step failed for a reason already reported in full (results, summary, annotations). */
export class ActionFailure extends Error {
  override readonly name = "ActionFailure";
  /**
   * True when the reason has already been emitted as the step's overview annotation: the runner glue
   * then only sets the exit code, so the failure does not cost a second error annotation.
   */
  readonly annotated: boolean;
  constructor(message: string, options: { annotated?: boolean } = {}) {
    super(message);
    this.annotated = options.annotated ?? false;
  }
}
