/**
 * A small glob matcher for workspace-relative, `/`-separated paths. Supported syntax:
 * `**` (any number of directories), `*` (any characters but `/`), `?` (one character but `/`),
 * `{a,b}` (alternatives, nestable), `[abc]` / `[a-z]` / `[!a]` (character classes) and `\` escapes.
 * Dot files match like any other file. A pattern also matches everything under a directory it matches,
 * so `docs` and `docs/**` select the same files, and `!vendor` excludes the whole folder.
 *
 * Written here rather than taken from a dependency: the action needs only this much, and it keeps the
 * committed bundle small and the semantics documented in one place.
 */

/** A compiled pattern. */
export interface GlobMatcher {
  /** The pattern as given. */
  readonly pattern: string;
  /** True when `path` (relative, `/`-separated) or one of its parent directories matches. */
  matches(path: string): boolean;
  /** True when the pattern matches `path` itself. */
  matchesExactly(path: string): boolean;
  /** The leading directories without glob characters (`invoices/2024` for `invoices/2024/*.pdf`), or "". */
  readonly base: string;
  /** True when the pattern could match something under the directory `path`. */
  mayContain(path: string): boolean;
}

const SPECIAL = /[*?[\]{}\\]/;

function escapeRegex(char: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(char) ? `\\${char}` : char;
}

/** Finds the index of the `}` closing the `{` at `open`, or -1. */
function closingBrace(pattern: string, open: number): number {
  let depth = 0;
  for (let i = open; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === "\\") i++;
    else if (char === "{") depth++;
    else if (char === "}" && --depth === 0) return i;
  }
  return -1;
}

/** Splits the inside of `{...}` on top-level commas. */
function splitAlternatives(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const char = body[i];
    if (char === "\\") i++;
    else if (char === "{") depth++;
    else if (char === "}") depth--;
    else if (char === "," && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}

/** Translates a pattern (or a fragment of one) into a regular-expression source. */
function toRegexSource(pattern: string): string {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] as string;
    if (char === "\\") {
      const next = pattern[i + 1];
      if (next !== undefined) out += escapeRegex(next);
      i++;
    } else if (char === "*") {
      if (pattern[i + 1] === "*") {
        const atSegmentStart = i === 0 || pattern[i - 1] === "/";
        const atSegmentEnd = i + 2 === pattern.length || pattern[i + 2] === "/";
        if (atSegmentStart && atSegmentEnd) {
          // `**/` matches zero or more whole directories; a trailing `**` matches everything below.
          if (pattern[i + 2] === "/") {
            out += "(?:[^/]+/)*";
            i += 2;
          } else {
            out += ".*";
            i += 1;
          }
          continue;
        }
        i++; // `a**b` is just two stars: any characters within one segment.
      }
      out += "[^/]*";
    } else if (char === "?") {
      out += "[^/]";
    } else if (char === "[") {
      const close = pattern.indexOf("]", i + 2);
      if (close === -1) {
        out += "\\[";
        continue;
      }
      let body = pattern.slice(i + 1, close);
      const negated = body.startsWith("!") || body.startsWith("^");
      if (negated) body = body.slice(1);
      const escaped = body.replace(/[\\\]^]/g, (c) => `\\${c}`);
      out += negated ? `[^/${escaped}]` : `[${escaped}]`;
      i = close;
    } else if (char === "{") {
      const close = closingBrace(pattern, i);
      if (close === -1) {
        out += "\\{";
        continue;
      }
      const alternatives = splitAlternatives(pattern.slice(i + 1, close)).map(toRegexSource);
      out += `(?:${alternatives.join("|")})`;
      i = close;
    } else {
      out += escapeRegex(char);
    }
  }
  return out;
}

/** Removes `./` prefixes, duplicate and trailing slashes. */
export function normalisePattern(pattern: string): string {
  return pattern
    .trim()
    .replace(/^(\.\/)+/, "")
    .replace(/\/{2,}/g, "/")
    .replace(/\/+$/, "");
}

function baseOf(pattern: string): string {
  const segments = pattern.split("/");
  const literal: string[] = [];
  for (const segment of segments.slice(0, -1)) {
    if (SPECIAL.test(segment)) break;
    literal.push(segment);
  }
  // A pattern without any glob character may name a directory: walk from its parent.
  return literal.join("/");
}

/** Compiles a glob pattern into a matcher. */
export function compileGlob(pattern: string): GlobMatcher {
  const normalised = normalisePattern(pattern);
  const exact = new RegExp(`^${toRegexSource(normalised)}$`);
  // The same pattern followed by `/anything`: the path lies under a directory the pattern matches.
  const under = new RegExp(`^${toRegexSource(normalised)}/`);
  const segments = normalised
    .split("/")
    .map((segment) => (segment === "**" ? null : new RegExp(`^${toRegexSource(segment)}$`)));
  const mayContain = (path: string): boolean => {
    if (exact.test(path) || under.test(path)) return true;
    const parts = path.split("/");
    for (let i = 0; i < parts.length; i++) {
      const segment = segments[i];
      if (segment === null) return true; // `**` from here on matches any depth.
      if (segment === undefined || !segment.test(parts[i] as string)) return false;
    }
    return segments.length > parts.length;
  };
  return {
    pattern,
    mayContain,
    base: baseOf(normalised),
    matchesExactly: (path) => exact.test(path),
    matches: (path) => exact.test(path) || under.test(path),
  };
}

/** A set of include and exclude patterns. */
export interface GlobSet {
  /** True when some include pattern matches and no exclude pattern does. */
  selects(path: string): boolean;
  /** True when an exclude pattern matches this directory, so nothing below it can be selected. */
  excludesDirectory(path: string): boolean;
  /** True when an include pattern could select something under the directory `path`. */
  mayContain(path: string): boolean;
  /** Directories to start walking from (deduplicated; "" is the workspace root). */
  readonly bases: string[];
}

/** Compiles include and exclude patterns (excludes win). */
export function compileGlobSet(include: string[], exclude: string[]): GlobSet {
  const includes = include.map(compileGlob);
  const excludes = exclude.map(compileGlob);
  const bases = [...new Set(includes.map((m) => m.base))].sort();
  // Drop bases that lie under another base: walking the parent covers them.
  const roots = bases.filter((base) => !bases.some((other) => other !== base && isUnder(base, other)));
  return {
    bases: roots,
    selects: (path) => includes.some((m) => m.matches(path)) && !excludes.some((m) => m.matches(path)),
    excludesDirectory: (path) => excludes.some((m) => m.matches(path)),
    mayContain: (path) => includes.some((m) => m.mayContain(path)),
  };
}

function isUnder(path: string, dir: string): boolean {
  return dir === "" || path.startsWith(`${dir}/`);
}
