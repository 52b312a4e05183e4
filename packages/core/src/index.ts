export type { APIPromise } from "./api-promise.js";
export {
  type ClientOptions,
  DEFAULT_API_VERSION,
  DEFAULT_BASE_URL,
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  ExtendClient,
} from "./client.js";
export {
  AbortError,
  APIError,
  type APIErrorFields,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  ExtendKitError,
  InternalServerError,
  InvalidResponseError,
  type InvalidResponseFields,
  type MayHaveCreatedRun,
  NotFoundError,
  PaymentRequiredError,
  PermissionDeniedError,
  RateLimitError,
  TimeoutError,
  UnprocessableEntityError,
  UsageError,
  WaitTimeoutError,
  WebhookVerificationError,
  type WebhookVerificationReason,
} from "./errors.js";
export { parseRetryAfter, RETRY_AFTER_CAP_MS } from "./internal/retry-after.js";
export type { Uploadable } from "./internal/upload.js";
export { Page, type PagePromise } from "./pagination.js";
export { DEFAULT_WAIT_TIMEOUT_MS, isTerminalStatus, TERMINAL_STATUSES } from "./polling.js";
export { BatchProcessorRuns } from "./resources/batch-processor-runs.js";
export { Files } from "./resources/files.js";
export { ProcessorRuns, SYNC_TIMEOUT_MS } from "./resources/processor-runs.js";
export type * from "./types/batch-processor-run.js";
export type * from "./types/common.js";
export type * from "./types/config.js";
export type * from "./types/file.js";
export type * from "./types/output.js";
export type * from "./types/processor-run.js";
export type * from "./types/webhook.js";
export { sanitizeUsageTag, sanitizeUsageTags, USAGE_TAGS_KEY } from "./usage-tags.js";
export {
  type SignWebhookArgs,
  signWebhook,
  type VerifyWebhookArgs,
  verifyWebhook,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TIMESTAMP_HEADER,
  type WebhookSignature,
} from "./webhooks.js";
export { statusOutcome, type WriteOutcome, writeOutcome } from "./write-outcome.js";
