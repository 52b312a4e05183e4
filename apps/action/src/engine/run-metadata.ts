/**
 * The metadata keys the action writes on every run. Users may not set them (nor `extendkit:tenant`,
 * which an extendkit proxy uses to decide who owns a run): the action's own keys are what proves a run
 * is this invocation's after a lost reply.
 */

/** The workspace path of the file a run was made for. */
export const FILE_METADATA_KEY = "extendkit:file";

/** A random nonce per invocation of the action: a run carrying it was created by this invocation. */
export const INVOCATION_METADATA_KEY = "extendkit:invocation";

/** The key an extendkit proxy writes to record a run's tenant. */
export const TENANT_METADATA_KEY = "extendkit:tenant";

/** Keys user metadata may not contain. */
export const RESERVED_METADATA_KEYS: readonly string[] = [
  FILE_METADATA_KEY,
  INVOCATION_METADATA_KEY,
  TENANT_METADATA_KEY,
];

/** A fresh invocation nonce. */
export function newInvocationNonce(): string {
  return crypto.randomUUID();
}
