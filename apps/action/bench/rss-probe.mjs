// Preloaded into the action's process by the RSS benchmark (NODE_OPTIONS=--import): at exit it writes the
// process's peak resident set size (bytes) to $EXTENDKIT_RSS_OUT. The action itself is unchanged.
import { writeFileSync } from "node:fs";

const out = process.env.EXTENDKIT_RSS_OUT;
if (out) process.on("exit", () => writeFileSync(out, String(process.resourceUsage().maxRSS * 1024)));
