/** A non-2xx answer from an `/_emulator/…` admin route; `body` is the parsed JSON (or the text). */
export class EmulatorAdminError extends Error {
  override readonly name = "EmulatorAdminError";

  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`emulator admin ${method} ${path} → ${status}: ${describe(body)}`);
  }
}

function describe(body: unknown): string {
  if (typeof body === "string") return body.slice(0, 500);
  const message = (body as { message?: unknown } | null)?.message;
  return typeof message === "string" ? message : (JSON.stringify(body)?.slice(0, 500) ?? "");
}
