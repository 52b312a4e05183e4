/** The bundle's entry point: everything happens in `run()`. */
import { run } from "./main.js";

await run();
// Requests abandoned at the timeout's hard deadline must not keep the step alive: everything has been
// reported, and the exit code is set.
process.exit();
