import { normaliseLabel, parseLabelLine } from "./labels.js";
import {
  bestScore,
  type Classification,
  type ClassScore,
  describeHits,
  fallbackClass,
  scoreText,
  words,
} from "./scoring.js";

/** One split of a SPLITTER output (reference §12.2); pages are 1-based and inclusive. */
export interface Split {
  id: string;
  type: string;
  classificationId: string;
  observation: string;
  identifier: string;
  startPage: number;
  endPage: number;
  name: string;
  fileId: string;
}

/** Output of a SPLITTER run. */
export interface SplitterOutput {
  splits: Split[];
}

interface OpenSplit {
  classification: Classification;
  startPage: number;
  endPage: number;
  identifier: string;
  reasons: string[];
}

/** A page's best class must beat the current split's class on that page by this factor to switch without a title. */
const SWITCH_FACTOR = 2;
/** …and reach this score (about two mentions of a class name), so a stray word does not end a document. */
const SWITCH_MIN_SCORE = 6;

/**
 * Groups consecutive pages into documents. Each page is scored like CLASSIFY. A new split starts on a page with a
 * title naming a class (e.g. "INVOICE", "SERVICES AGREEMENT"; see titleLines) unless the page is a continuation
 * ("continued", "page 2 of 3") or carries the current document's identifier; on a page of the same class with a
 * different identifier; or when another class clearly dominates the page (×2 and score ≥ 6). Blank and
 * keyword-less pages stay with the current split (leading blank pages join the first split).
 */
export function splitPages(
  pages: readonly string[],
  classifications: readonly Classification[],
  fileId = "",
): SplitterOutput {
  const splits: OpenSplit[] = [];
  let leadingBlank = 0;
  pages.forEach((text, index) => {
    const pageNumber = index + 1;
    const current = splits[splits.length - 1];
    if (text.trim() === "") {
      if (current) current.endPage = pageNumber;
      else leadingBlank++;
      return;
    }
    const scores = scoreText(text, classifications);
    const best = bestScore(scores);
    const identifier = pageIdentifier(text, best?.classification);
    const decision = startsNewSplit(current, scores, best, text, identifier);
    if (current && decision === null) {
      current.endPage = pageNumber;
      if (current.identifier === "" && identifier !== "") current.identifier = identifier;
      return;
    }
    const classification =
      best?.classification ?? fallbackClass(classifications) ?? (classifications[0] as Classification);
    const reason = best
      ? `page ${pageNumber} ${decision ?? "starts the file"}; keywords ${describeHits(best)}`
      : `page ${pageNumber} matches no class keywords`;
    splits.push({
      classification,
      startPage: pageNumber,
      endPage: pageNumber,
      identifier,
      reasons: [reason],
    });
  });
  if (splits.length === 0) return { splits: [] };
  (splits[0] as OpenSplit).startPage -= leadingBlank;
  return {
    splits: splits.map((split, index) => ({
      id: `split_${index + 1}`,
      type: split.classification.type,
      classificationId: split.classification.id,
      observation: observation(split),
      identifier: split.identifier,
      startPage: split.startPage,
      endPage: split.endPage,
      name: split.identifier
        ? `${split.classification.type} ${split.identifier}`
        : `${split.classification.type} (pages ${split.startPage}-${split.endPage})`,
      fileId,
    })),
  };
}

function startsNewSplit(
  current: OpenSplit | undefined,
  scores: readonly ClassScore[],
  best: ClassScore | null,
  text: string,
  identifier: string,
): string | null {
  if (!current) return "starts the file";
  if (best === null) return null;
  const continuation = isContinuation(text);
  const sameIdentifier = identifier !== "" && identifier === current.identifier;
  if (best.title !== null && !continuation && !sameIdentifier) {
    return `opens with the title "${best.title}"`;
  }
  if (best.classification.id === current.classification.id) {
    return identifier !== "" && current.identifier !== "" && !sameIdentifier
      ? `carries a new identifier ${identifier}`
      : null;
  }
  const currentScore = scores.find((s) => s.classification.id === current.classification.id)?.score ?? 0;
  if (best.score >= SWITCH_MIN_SCORE && best.score >= SWITCH_FACTOR * currentScore && !continuation) {
    return `reads as ${best.classification.type} rather than ${current.classification.type}`;
  }
  return null;
}

function isContinuation(text: string): boolean {
  const head = text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .slice(0, 5)
    .join(" ")
    .toLowerCase();
  if (/\bcontinued\b|\(cont(?:'d|inued)?\.?\)/.test(head)) return true;
  const page = /\bpage\s+(\d+)\s+(?:of|\/)\s+\d+/i.exec(text);
  return page !== null && Number(page[1]) > 1;
}

/** Label words of numbers that identify something other than the document (tax ids, accounts, payments). */
const FOREIGN_ID_WORDS = new Set([
  "vat",
  "tax",
  "customer",
  "client",
  "account",
  "phone",
  "transaction",
  "routing",
  "iban",
  "auth",
  "register",
  "order",
  "po",
  "tracking",
  "serial",
]);

/**
 * The document number on a page: the value (first word) of a label ending in "number"/"id" or named "reference",
 * preferring labels that name the page's class ("Invoice Number: INV-1042", "Receipt #: 5521") over a bare
 * "Number"/"Reference", and ignoring numbers of other things (VAT id, account, transaction…). "" when none.
 */
export function pageIdentifier(text: string, classification?: Classification): string {
  const classWords = new Set(classification ? words(`${classification.type} ${classification.id}`) : []);
  let best = { rank: 0, value: "" };
  for (const line of text.split("\n")) {
    const parsed = parseLabelLine(line);
    if (!parsed || parsed.value === "") continue;
    const labelWords = normaliseLabel(parsed.label).split(" ");
    const last = labelWords[labelWords.length - 1] ?? "";
    if (!["number", "id", "reference"].includes(last) || labelWords.some((w) => FOREIGN_ID_WORDS.has(w)))
      continue;
    const rank = labelWords.some((w) => classWords.has(w)) ? 3 : last === "number" ? 2 : 1;
    if (rank > best.rank) best = { rank, value: parsed.value.split(/\s+/)[0] ?? "" };
  }
  return best.value;
}

function observation(split: OpenSplit): string {
  const pages =
    split.startPage === split.endPage
      ? `Page ${split.startPage}`
      : `Pages ${split.startPage}-${split.endPage}`;
  const id = split.identifier ? ` with identifier ${split.identifier}` : "";
  return `${pages}: ${split.classification.type}${id} (${split.reasons.join("; ")}).`;
}
