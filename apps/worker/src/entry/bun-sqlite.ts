// bun:sqlite as the store's SqlDriver (the only file that imports Bun's SQLite module).
// @ts-expect-error: bun:sqlite exists only under Bun; its types are declared below, not installed.
import { Database } from "bun:sqlite";
import type { SqlDriver, SqlValue } from "../state/sql-driver.ts";

/** The part of bun:sqlite's Database this driver uses. */
interface BunDatabase {
  query(sql: string): { all(...params: SqlValue[]): Record<string, SqlValue>[] };
  transaction<T>(fn: () => T): { immediate(): T };
  exec(sql: string): void;
}

/**
 * Opens (creating if needed) the SQLite database at `path`. WAL lets readers and the writer overlap, and
 * a busy timeout makes a second process on the same file wait for the lock instead of failing.
 */
export function openBunSqlite(path: string): SqlDriver {
  const db = new (Database as new (path: string, options: { create: boolean }) => BunDatabase)(path, {
    create: true,
  });
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA busy_timeout = 5000");
  return {
    all: (sql, ...params) => db.query(sql).all(...params),
    transaction: (fn) => db.transaction(fn).immediate(),
  };
}
