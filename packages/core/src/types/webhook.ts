import type { ProcessorRun, ProcessorRunMetadata } from "./processor-run.ts";

/** Payload of an event delivered as a signed download URL instead of inline JSON. */
export interface SignedDataUrlPayload {
  object: "signed_data_url";
  /** URL of the JSON payload; expires after 1 hour. */
  data: string;
  /** Id of the object the event is about. */
  id?: string;
  metadata?: ProcessorRunMetadata;
  [key: string]: unknown;
}

/** `processor_run.processed`: the run finished successfully. */
export interface ProcessorRunProcessedEvent {
  eventId: string;
  eventType: "processor_run.processed";
  payload: ProcessorRun | SignedDataUrlPayload;
}

/** `processor_run.failed`: the run ended FAILED. */
export interface ProcessorRunFailedEvent {
  eventId: string;
  eventType: "processor_run.failed";
  payload: ProcessorRun | SignedDataUrlPayload;
}

/** Other documented event types (workflows, processors, parser runs); payloads are not typed here. */
export type OtherWebhookEventType =
  | "workflow_run.completed"
  | "workflow_run.failed"
  | "workflow_run.needs_review"
  | "workflow_run.rejected"
  | "workflow_run.step_run.processed"
  | "workflow.created"
  | "workflow.deployed"
  | "workflow.deleted"
  | "processor.created"
  | "processor.updated"
  | "processor.deleted"
  | "processor.draft.updated"
  | "processor.version.published"
  | "parser_run.processed"
  | "parser_run.failed";

/** An event of one of the other documented types. */
export interface OtherWebhookEvent {
  eventId: string;
  eventType: OtherWebhookEventType;
  payload: Record<string, unknown>;
}

/**
 * A verified webhook event. Narrow with `event.eventType`; Extend may add event types, so keep a
 * default branch that ignores types you do not know.
 */
export type WebhookEvent = ProcessorRunProcessedEvent | ProcessorRunFailedEvent | OtherWebhookEvent;
