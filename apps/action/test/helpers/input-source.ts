import type { InputName, InputSource } from "../../src/inputs/index.js";

/** The smallest valid set of inputs. */
export const REQUIRED_INPUTS = {
  "api-key": "sk_test_inputs_secret",
  "processor-id": "dp_invoice_extractor",
  files: "docs/**/*.pdf",
} as const;

/** An input source over a plain record, with optional files for `config` paths. */
export function inputSource(
  inputs: Partial<Record<InputName, string>>,
  options: { env?: Record<string, string>; files?: Record<string, string> } = {},
): InputSource {
  return {
    getInput: (name) => inputs[name] ?? "",
    env: { GITHUB_WORKSPACE: "/work/repo", RUNNER_TEMP: "/runner/tmp", ...options.env },
    readTextFile: (path) => {
      const text = options.files?.[path];
      if (text === undefined) throw new Error(`ENOENT: ${path}`);
      return text;
    },
    cwd: "/cwd",
    tmpDir: "/tmp",
  };
}
