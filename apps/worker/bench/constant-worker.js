// Baseline for the throughput benchmark: the cheapest possible Worker, answering every request with a
// constant JSON body about the size of a cached run. With LOG_EACH_REQUEST=1 it also writes one JSON
// log line per request, like the proxy, to separate the cost of log shipping from the proxy's own work.
const body = JSON.stringify({
  success: true,
  processorRun: { id: "dpr_constant", status: "PROCESSED", pad: "x".repeat(1300) },
});

export default {
  fetch(request, env) {
    if (env.LOG_EACH_REQUEST === "1") {
      console.log(
        JSON.stringify({
          level: "info",
          requestId: crypto.randomUUID(),
          method: request.method,
          status: 200,
        }),
      );
    }
    return new Response(body, { headers: { "content-type": "application/json" } });
  },
};
