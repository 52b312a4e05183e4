export { fileCassetteStore, loadCassetteFile } from "./cassette/file-store.js";
export * from "./handler.js";
export { type StartedEmulator, startEmulator } from "./server.js";
