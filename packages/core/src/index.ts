export type { APIPromise } from "./api-promise.ts";
export {
  type ClientOptions,
  DEFAULT_API_VERSION,
  DEFAULT_BASE_URL,
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  ExtendClient,
} from "./client.ts";
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
  NotFoundError,
  PaymentRequiredError,
  PermissionDeniedError,
  RateLimitError,
  RequestError,
  TimeoutError,
  UnprocessableEntityError,
  UsageError,
  WaitTimeoutError,
  WebhookVerificationError,
  type WebhookVerificationReason,
} from "./errors.ts";
export { parseRetryAfter, RETRY_AFTER_CAP_MS } from "./internal/retry-after.ts";
export type { Uploadable } from "./internal/upload.ts";
export { Page, type PagePromise } from "./pagination.ts";
export { DEFAULT_WAIT_TIMEOUT_MS, isTerminalStatus, TERMINAL_STATUSES } from "./polling.ts";
export { BatchProcessorRuns } from "./resources/batch-processor-runs.ts";
export { Files } from "./resources/files.ts";
export { ProcessorRuns, SYNC_TIMEOUT_MS } from "./resources/processor-runs.ts";
export type * from "./types/batch-processor-run.ts";
export type * from "./types/common.ts";
export type * from "./types/config.ts";
export type * from "./types/file.ts";
export type * from "./types/output.ts";
export type * from "./types/processor-run.ts";
export type * from "./types/webhook.ts";
export { sanitizeUsageTag, sanitizeUsageTags, USAGE_TAGS_KEY } from "./usage-tags.ts";
export {
  type SignWebhookArgs,
  signWebhook,
  type VerifyWebhookArgs,
  verifyWebhook,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TIMESTAMP_HEADER,
  type WebhookSignature,
} from "./webhooks.ts";
export { statusOutcome, type WriteOutcome, writeOutcome } from "./write-outcome.ts";
