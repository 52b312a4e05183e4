import { bestScore, type Classification, describeHits, fallbackClass, scoreText } from "./scoring.js";

/** Output of a CLASSIFY run (reference §12.2). */
export interface ClassifyOutput {
  id: string;
  type: string;
  confidence: number;
  insights: Array<{ type: "reasoning"; content: string }>;
}

/** Confidence when nothing matched and the catch-all "other" class was chosen. */
const OTHER_CONFIDENCE = 0.5;
/** Confidence when nothing matched and there is no catch-all class (the first one is returned). */
const NO_MATCH_CONFIDENCE = 0.1;

/**
 * Classifies the whole document: keyword scores of each classification (see scoring.ts); the best wins (ties
 * → the first). Confidence grows with the margin over the runner-up: 0.5 + 0.49 × (best − second) / best.
 * Nothing matched → the "other" class if configured, else the first, with a low confidence.
 */
export function classifyPages(
  pages: readonly string[],
  classifications: readonly Classification[],
): ClassifyOutput {
  const scores = scoreText(pages.join("\n"), classifications);
  const best = bestScore(scores);
  if (best === null) {
    const other = fallbackClass(classifications);
    const chosen = other ?? (classifications[0] as Classification);
    return {
      id: chosen.id,
      type: chosen.type,
      confidence: other ? OTHER_CONFIDENCE : NO_MATCH_CONFIDENCE,
      insights: [
        {
          type: "reasoning",
          content: `No classification's keywords appear in the document, so it is classified as "${chosen.type}"${
            other ? " (the catch-all class)" : " (the first class; no catch-all class is configured)"
          }.`,
        },
      ],
    };
  }
  const runnerUp = Math.max(0, ...scores.filter((s) => s !== best).map((s) => s.score));
  const confidence = Math.round((0.5 + (0.49 * (best.score - runnerUp)) / best.score) * 100) / 100;
  const next = scores.filter((s) => s !== best && s.score > 0).sort((a, b) => b.score - a.score)[0];
  const title = best.title !== null ? ` The title "${best.title}" names it.` : "";
  const rest = next
    ? ` Next best: "${next.classification.type}" (score ${next.score}).`
    : " No other class matched.";
  return {
    id: best.classification.id,
    type: best.classification.type,
    confidence,
    insights: [
      {
        type: "reasoning",
        content: `Classified as "${best.classification.type}" with score ${best.score} from keywords ${describeHits(best)}.${title}${rest}`,
      },
    ],
  };
}
