// The retained JavaScript heap of the worker's isolate under wrangler dev, read over the DevTools
// protocol through wrangler's inspector proxy: force a full GC, then read the used heap size. Unlike RSS,
// this counts only what the worker still references, so steady growth across a load run is a leak.
// Needs a global WebSocket (Node ≥ 22, or Node 20 with --experimental-websocket).

interface DevToolsReply {
  id?: number;
  result?: Record<string, unknown>;
  error?: { message: string };
}

// undici's WebSocket accepts headers; wrangler's inspector proxy requires an allowed Origin.
type WebSocketWithHeaders = new (url: string, init: { headers: Record<string, string> }) => WebSocket;

/**
 * Forces a full GC of the worker's isolate and returns its used heap in bytes. `pump` sends one request
 * to the worker: workerd runs inspector commands such as the GC only while the isolate is entered.
 */
export async function retainedHeapBytes(inspectorPort: number, pump: () => Promise<void>): Promise<number> {
  const Socket = globalThis.WebSocket as unknown as WebSocketWithHeaders | undefined;
  if (!Socket) throw new Error("no global WebSocket: run Node 20 with --experimental-websocket");
  const ws = new Socket(`ws://127.0.0.1:${inspectorPort}/ws`, { headers: { origin: "http://localhost" } });
  const pending = new Map<number, (reply: DevToolsReply) => void>();
  let next = 0;
  ws.onmessage = (event) => {
    const reply = JSON.parse(String(event.data)) as DevToolsReply;
    if (reply.id !== undefined) pending.get(reply.id)?.(reply);
  };
  await new Promise<void>((resolve, reject) => {
    ws.onopen = () => resolve();
    ws.onerror = () => reject(new Error(`cannot open the DevTools socket on port ${inspectorPort}`));
  });
  const call = (method: string) =>
    new Promise<DevToolsReply>((resolve) => {
      const id = ++next;
      pending.set(id, resolve);
      ws.send(JSON.stringify({ id, method, params: {} }));
    });
  try {
    let collected = false;
    const gc = call("HeapProfiler.collectGarbage").then(() => {
      collected = true;
    });
    // wrangler first replays the console and network events it buffered while no DevTools client was
    // attached (several per request), so after a load run the answer can take a while.
    const deadline = Date.now() + 90_000;
    while (!collected) {
      if (Date.now() > deadline) throw new Error("the worker's isolate did not run a GC within 90 s");
      await pump();
      await Promise.race([gc, new Promise((resolve) => setTimeout(resolve, 100))]);
    }
    const usage = await call("Runtime.getHeapUsage");
    const used = usage.result?.["usedSize"];
    if (typeof used !== "number") throw new Error(`Runtime.getHeapUsage: ${JSON.stringify(usage)}`);
    return used;
  } finally {
    ws.close();
  }
}
