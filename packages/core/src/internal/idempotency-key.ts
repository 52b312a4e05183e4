/** Request header carrying a create's idempotency key (the IETF draft's and Stripe's name). */
export const IDEMPOTENCY_KEY_HEADER = "idempotency-key";

/**
 * A fresh key for one logical create. It is generated once per call and sent on every attempt of that
 * call, so a server that honours the header (the extendkit proxy does; Extend's 2025-04-21 reference
 * does not document it) answers a repeated attempt with the first attempt's result instead of a
 * second run or file.
 */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

/** Whether the caller set the header themselves (their key wins over a generated one). */
export function hasIdempotencyKey(headers: Record<string, string> | undefined): boolean {
  if (headers === undefined) return false;
  return Object.keys(headers).some((name) => name.toLowerCase() === IDEMPOTENCY_KEY_HEADER);
}
