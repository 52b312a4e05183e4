// Paths of the repository these checks read.
import { fileURLToPath } from "node:url";

/** The repository root (this package lives at tooling/repo-checks). */
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
