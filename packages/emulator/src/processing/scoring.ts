/** A classification option of a CLASSIFY or SPLITTER config (`{ id, type, description }`). */
export interface Classification {
  id: string;
  type: string;
  description: string;
}

/** How well one classification matches a text, with the evidence. */
export interface ClassScore {
  classification: Classification;
  score: number;
  /** Keyword → occurrences counted, in keyword order. */
  hits: Array<[string, number]>;
  /** The title line naming the class (e.g. "INVOICE"), or null. */
  title: string | null;
}

/** Words that say nothing about a document's kind (and "other", so a catch-all class only wins by default). */
const STOP_WORDS = new Set(
  (
    "the and for with from into onto that this these those such are was were has have had its any all not none " +
    "other others etc document documents file files page pages type kind which what when where who whom whose " +
    "will would can could may might must should does did done also only just more most less than then them they " +
    "their there here about above below over under each every some same very your our you his her him she " +
    "like including include includes usually typically often generally e.g example examples between"
  ).split(" "),
);

/** Weight of a word from the class's type or id; description words weigh 1. */
const NAME_WEIGHT = 3;
/** Bonus when a title line contains one of the class's keywords: a title is the strongest signal of a kind. */
const TITLE_BONUS = 6;
/** Occurrences counted per keyword, so one repeated word cannot drown the others. */
const MAX_COUNT = 5;

/**
 * Lower-case words of a text (letters and digits; camelCase split, possessive 's dropped) with a naive plural
 * fold ("invoices" → "invoice"). Unlike label normalisation, abbreviations are kept as written.
 */
export function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .replace(/['’]s\b/g, "")
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map(singular);
}

/** Naive plural fold, enough for keywords: "parties" → "party", "invoices" → "invoice" (not "business"). */
function singular(word: string): string {
  if (word.length > 4 && word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && word.endsWith("s") && !word.endsWith("ss") && !word.endsWith("us"))
    return word.slice(0, -1);
  return word;
}

/** Keywords of a classification with weights: its type and id words (strong), then its description words. */
export function classKeywords(classification: Classification): Map<string, number> {
  const keywords = new Map<string, number>();
  const add = (text: string, weight: number) => {
    for (const word of words(text)) {
      if (word.length < 3 || STOP_WORDS.has(word) || /^\d+$/.test(word)) continue;
      keywords.set(word, Math.max(keywords.get(word) ?? 0, weight));
    }
  };
  add(`${classification.type} ${classification.id.replace(/^[a-z]{1,4}_/, "")}`, NAME_WEIGHT);
  add(classification.description, 1);
  return keywords;
}

/** How many leading lines may hold a title (company name and address often come first). */
const TITLE_LINES = 5;

/**
 * Lines near the top that read as titles: among the first five non-blank lines, those without a colon (not a
 * `Label: value`), of at most six words and not ending like a sentence. E.g. "INVOICE", "SALES RECEIPT",
 * "MASTER SERVICES AGREEMENT".
 */
export function titleLines(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .slice(0, TITLE_LINES)
    .filter((line) => !line.includes(":") && line.split(/\s+/).length <= 6 && !/[.!?]$/.test(line));
}

/**
 * Scores each classification against a text: Σ weight × min(occurrences, 5) over its keywords, plus a bonus when
 * a title line contains one of its keywords. Deterministic; results keep the config order.
 */
export function scoreText(text: string, classifications: readonly Classification[]): ClassScore[] {
  const counts = new Map<string, number>();
  for (const word of words(text)) counts.set(word, (counts.get(word) ?? 0) + 1);
  const titles = titleLines(text).map((line) => ({ line, words: new Set(words(line)) }));
  return classifications.map((classification) => {
    let score = 0;
    const hits: Array<[string, number]> = [];
    const keywords = classKeywords(classification);
    for (const [keyword, weight] of keywords) {
      const count = counts.get(keyword) ?? 0;
      if (count === 0) continue;
      hits.push([keyword, count]);
      score += weight * Math.min(count, MAX_COUNT);
    }
    const title =
      titles.find((t) => [...keywords.keys()].some((keyword) => t.words.has(keyword)))?.line ?? null;
    if (title !== null) score += TITLE_BONUS;
    return { classification, score, hits, title };
  });
}

/** The best score (ties → the earlier classification), or null when nothing matched at all. */
export function bestScore(scores: readonly ClassScore[]): ClassScore | null {
  let best: ClassScore | null = null;
  for (const score of scores)
    if (score.score > 0 && (best === null || score.score > best.score)) best = score;
  return best;
}

/** The catch-all class (type or id "other"), if the config has one. */
export function fallbackClass(classifications: readonly Classification[]): Classification | null {
  return (
    classifications.find((c) => c.type.toLowerCase() === "other" || c.id.toLowerCase() === "other") ?? null
  );
}

/** "invoice ×3, due ×1" — the evidence behind a score, for insights and observations. */
export function describeHits(score: ClassScore): string {
  return score.hits.map(([word, count]) => `${word} ×${count}`).join(", ");
}

/** Parses `{id, type, description}` items, skipping malformed ones (validation reports those). */
export function classificationsFrom(value: unknown): Classification[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    if (typeof item !== "object" || item === null) return [];
    const { id, type, description } = item as Record<string, unknown>;
    if (typeof id !== "string" || typeof type !== "string") return [];
    return [{ id, type, description: typeof description === "string" ? description : "" }];
  });
}
