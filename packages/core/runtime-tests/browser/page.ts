// Browser leg, page side: bundled by run-browser.mjs together with dist/ and run in headless Chromium.
import { type Core, type ScenarioEnv, scenario } from "../scenario.ts";

/** Outcome of one case. */
export interface CaseResult {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

/** Runs every scenario case in order and reports each outcome (a failing case does not stop the rest). */
export async function runScenario(core: Core, env: ScenarioEnv): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const c of scenario(core, env, "browser")) {
    const started = performance.now();
    try {
      await c.run();
      results.push({ name: c.name, ok: true, ms: performance.now() - started });
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      results.push({ name: c.name, ok: false, ms: performance.now() - started, error: message });
    }
  }
  return results;
}
