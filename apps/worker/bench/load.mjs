// A small closed-loop HTTP load generator: N concurrent keep-alive connections, fixed duration.
import http from "node:http";

/** One GET; resolves with [status, headers, latency ms]. */
export function get(agent, url, headers) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.get(url, { agent, headers }, (response) => {
      response.on("data", () => {});
      response.on("end", () => resolve([response.statusCode, response.headers, performance.now() - started]));
    });
    request.on("error", reject);
  });
}

/** Requests per second over `durationMs` with `concurrency` loops; counts only 200s as completed. */
export async function throughput(url, headers, { concurrency = 16, durationMs = 5_000 } = {}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const deadline = performance.now() + durationMs;
  let ok = 0;
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        try {
          const [status] = await get(agent, url, headers);
          if (status === 200) ok++;
          else errors++;
        } catch {
          errors++;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { rps: ok / seconds, ok, errors };
}

/** Median of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
