export { type AdminFetch, EmulatorAdmin, type EmulatorAdminOptions } from "./client.js";
export { EmulatorAdminError } from "./error.js";
export type * from "./types.js";
