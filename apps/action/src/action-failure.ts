/** The step failed for a reason already reported in full (results, summary, annotations). */
export class ActionFailure extends Error {
  override readonly name = "ActionFailure";
}
