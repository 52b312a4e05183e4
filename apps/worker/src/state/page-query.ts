import type { FileQuery, FileRecord, Page, PageCursor, RunQuery, RunRecord, SortDir } from "./store.ts";

/**
 * The list semantics written once for backends that filter in code (memory, Deno KV); the SQL backends
 * express the same rules in SQL. Order: the sort value, then the id as a tie-breaker, both in `sortDir`.
 */

function contains(haystack: string | null, needle: string | undefined): boolean {
  if (needle === undefined) return true;
  return haystack?.toLowerCase().includes(needle.toLowerCase()) ?? false;
}

/** Whether a run passes the query's filters. */
export function runMatches(run: RunRecord, query: RunQuery): boolean {
  return (
    (query.status === undefined || run.status === query.status) &&
    (query.processorId === undefined || run.processorId === query.processorId) &&
    (query.processorType === undefined || run.processorType === query.processorType) &&
    (query.sourceId === undefined || run.sourceId === query.sourceId) &&
    (query.source === undefined || run.source === query.source) &&
    contains(run.fileName, query.fileNameContains)
  );
}

/** Whether a file passes the query's filters. */
export function fileMatches(file: FileRecord, query: FileQuery): boolean {
  return contains(file.name, query.nameContains);
}

function compare(a: PageCursor, b: PageCursor, dir: SortDir): number {
  const order = a.value < b.value ? -1 : a.value > b.value ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  return dir === "asc" ? order : -order;
}

/** Sorts, skips past the cursor and cuts one page from already-filtered items. */
export function pageOf<T extends { id: string }>(
  items: readonly T[],
  sortValue: (item: T) => string,
  sortDir: SortDir,
  after: PageCursor | null,
  limit: number,
): Page<T> {
  const keyed = items.map((item) => ({ item, key: { value: sortValue(item), id: item.id } }));
  keyed.sort((a, b) => compare(a.key, b.key, sortDir));
  const rest = after === null ? keyed : keyed.filter((entry) => compare(entry.key, after, sortDir) > 0);
  const page = rest.slice(0, limit);
  const last = page.at(-1);
  return { items: page.map((entry) => entry.item), next: rest.length > limit && last ? last.key : null };
}

/** The page of runs a query selects from a tenant's runs. */
export function pageOfRuns(runs: readonly RunRecord[], query: RunQuery): Page<RunRecord> {
  return pageOf(
    runs.filter((run) => runMatches(run, query)),
    (run) => (query.sortBy === "createdAt" ? run.createdAt : run.updatedAt),
    query.sortDir,
    query.after,
    query.limit,
  );
}

/** The page of files a query selects from a tenant's files. */
export function pageOfFiles(files: readonly FileRecord[], query: FileQuery): Page<FileRecord> {
  return pageOf(
    files.filter((file) => fileMatches(file, query)),
    (file) => file.createdAt,
    query.sortDir,
    query.after,
    query.limit,
  );
}
