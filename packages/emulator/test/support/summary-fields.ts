/**
 * Every field a processor run summary (an entry of GET /processor_runs) carries in API 2025-04-21;
 * the list tests and the official-SDK conformance test both check each one is present.
 */
export const SUMMARY_FIELDS = [
  "id",
  "status",
  "processorId",
  "processorName",
  "processorVersionId",
  "type",
  "processorType",
  "fileName",
  "source",
  "sourceId",
  "createdAt",
  "updatedAt",
  "usage",
] as const;
