/** A value SQLite binds. */
export type SqlValue = string | number | null;

/**
 * The synchronous SQLite surface both SQLite backends share: a Durable Object's `ctx.storage.sql`
 * and `bun:sqlite`. The entries adapt their runtime's API to it, so the SQL is written once.
 */
export interface SqlDriver {
  /** Runs a statement and returns its rows as plain objects. */
  all(sql: string, ...params: SqlValue[]): Record<string, SqlValue>[];
  /** Runs `fn` atomically (a Durable Object's method already is; bun wraps it in BEGIN IMMEDIATE). */
  transaction<T>(fn: () => T): T;
}
