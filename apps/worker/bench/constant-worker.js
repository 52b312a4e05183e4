// Baseline for the throughput benchmark: the cheapest possible Worker, answering every request with a
// constant JSON body about the size of a cached run.
const body = JSON.stringify({ success: true, processorRun: { id: "dpr_constant", status: "PROCESSED", pad: "x".repeat(1300) } });

export default {
  fetch() {
    return new Response(body, { headers: { "content-type": "application/json" } });
  },
};
