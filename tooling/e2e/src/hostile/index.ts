export { jwtCases, tokenCases } from "./auth-cases.js";
export { bodyCases, metadataCases, streamedOversizeCase } from "./body-cases.js";
export type { HostileCase, HostileContext } from "./case.js";
export { bearer, createBody, JSON_TYPE, multipartUpload } from "./case.js";
export { headerCases, methodCases, pathCases } from "./routing-cases.js";
export { notFoundShape, tenantCases, webhookCases } from "./tenant-cases.js";
