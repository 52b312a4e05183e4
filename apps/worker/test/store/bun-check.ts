// `bun run` entry: the store contract on bun:sqlite at the path given as the first argument.
import { openBunSqlite } from "../../src/entry/bun-sqlite.ts";
import { SqlStore } from "../../src/state/sql-store.ts";
import { checkStore } from "./conformance.ts";

declare const process: { argv: string[] };

const checks = await checkStore(new SqlStore(openBunSqlite(process.argv[2] ?? ":memory:")), "bun");
console.log(JSON.stringify({ checks }));
