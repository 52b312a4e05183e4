// A closed-loop HTTP load generator on node:http keep-alive connections: `connections` workers each
// send one request at a time for `durationMs`, picking an operation by weight from a seeded PRNG, and
// record per-operation latency and every unexpected answer.
import { Agent, request as httpRequest } from "node:http";
import { quantile } from "./stats.js";

/** One kind of request in the mix. */
export interface LoadOperation {
  name: string;
  weight: number;
  build(random: () => number): {
    method: string;
    path: string;
    headers: Record<string, string>;
    body?: string;
  };
  /** Returns a problem description, or undefined when the answer is right. */
  verify(
    status: number,
    headers: Record<string, string | string[] | undefined>,
    body: string,
  ): string | undefined;
}

/** Per-operation figures. */
export interface OperationFigures {
  name: string;
  requests: number;
  errors: number;
  p50: number;
  p90: number;
  p99: number;
}

/** The outcome of a load run. */
export interface LoadReport {
  durationMs: number;
  requests: number;
  errors: number;
  requestsPerSecond: number;
  p50: number;
  p90: number;
  p99: number;
  operations: OperationFigures[];
  /** The first few problems, for the failure message. */
  sampleErrors: string[];
  /** Distinct TCP connections the agent opened (keep-alive means ≈ `connections`). */
  socketsOpened: number;
}

/** Mulberry32: a small seeded PRNG so the mix is the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The operation whose cumulative weight range holds `point` (0 ≤ point < total weight). */
function pickOperation(operations: LoadOperation[], point: number): LoadOperation {
  let remaining = point;
  for (const operation of operations) {
    remaining -= operation.weight;
    if (remaining < 0) return operation;
  }
  return operations[operations.length - 1]!;
}

function send(
  agent: Agent,
  port: number,
  spec: ReturnType<LoadOperation["build"]>,
  sockets: { seen: WeakSet<object>; count: number },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: "127.0.0.1", port, method: spec.method, path: spec.path, headers: spec.headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        res.on("error", reject);
      },
    );
    req.once("socket", (socket) => {
      if (!sockets.seen.has(socket)) {
        sockets.seen.add(socket);
        sockets.count++;
      }
    });
    req.setTimeout(30_000, () => req.destroy(new Error("request timed out after 30 s")));
    req.on("error", reject);
    req.end(spec.body);
  });
}

/** Runs the load and returns the figures. */
export async function runLoad(options: {
  port: number;
  connections: number;
  durationMs: number;
  operations: LoadOperation[];
  seed: number;
}): Promise<LoadReport> {
  const agent = new Agent({
    keepAlive: true,
    maxSockets: options.connections,
    maxFreeSockets: options.connections,
  });
  const sockets = { seen: new WeakSet<object>(), count: 0 };
  const totalWeight = options.operations.reduce((sum, op) => sum + op.weight, 0);
  const latencies = new Map(options.operations.map((op) => [op.name, [] as number[]]));
  const errors = new Map(options.operations.map((op) => [op.name, 0]));
  const sampleErrors: string[] = [];
  const started = performance.now();
  const deadline = started + options.durationMs;

  const worker = async (index: number) => {
    const random = seededRandom(options.seed + index);
    while (performance.now() < deadline) {
      const op = pickOperation(options.operations, random() * totalWeight);
      const spec = op.build(random);
      const t0 = performance.now();
      let problem: string | undefined;
      try {
        const response = await send(agent, options.port, spec, sockets);
        problem = op.verify(response.status, response.headers, response.body);
      } catch (error) {
        problem = error instanceof Error ? error.message : String(error);
      }
      latencies.get(op.name)!.push(performance.now() - t0);
      if (problem) {
        errors.set(op.name, errors.get(op.name)! + 1);
        if (sampleErrors.length < 10) sampleErrors.push(`${op.name}: ${problem}`);
      }
    }
  };
  await Promise.all(Array.from({ length: options.connections }, (_, i) => worker(i)));
  const durationMs = performance.now() - started;
  agent.destroy();

  const all = [...latencies.values()].flat();
  const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
  return {
    durationMs,
    requests: all.length,
    errors: errorCount,
    requestsPerSecond: all.length / (durationMs / 1000),
    p50: quantile(all, 0.5),
    p90: quantile(all, 0.9),
    p99: quantile(all, 0.99),
    operations: options.operations.map((op) => {
      const values = latencies.get(op.name)!;
      return {
        name: op.name,
        requests: values.length,
        errors: errors.get(op.name)!,
        p50: quantile(values, 0.5),
        p90: quantile(values, 0.9),
        p99: quantile(values, 0.99),
      };
    }),
    sampleErrors,
    socketsOpened: sockets.count,
  };
}
