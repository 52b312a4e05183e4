// `deno run --unstable-kv` entry: the store contract on Deno KV at the path given as the first argument.
import { DenoKvStore, type KvLike } from "../../src/state/deno-kv-store.ts";
import { checkStore } from "./conformance.ts";

declare const Deno: { args: string[]; openKv(path?: string): Promise<KvLike & { close(): void }> };

const kv = await Deno.openKv(Deno.args[0]);
const checks = await checkStore(new DenoKvStore(kv), "deno");
kv.close();
console.log(JSON.stringify({ checks }));
