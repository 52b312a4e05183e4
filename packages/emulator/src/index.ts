export * from "./handler.js";
export { type StartedEmulator, startEmulator } from "./server.js";
