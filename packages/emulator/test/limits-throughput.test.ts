import { afterEach, describe, expect, it } from "vitest";
import { EmulatorAdmin } from "../src/admin/index.js";
import type { Emulator, EmulatorOptions } from "../src/index.js";
import { BASE, type Loose, type TestApi, virtualEmulator } from "./support/api.js";

const open: Emulator[] = [];
afterEach(async () => {
  for (const emulator of open.splice(0)) await emulator.close();
});

function start(options: EmulatorOptions): { emulator: Emulator; api: TestApi } {
  const made = virtualEmulator({ latency: "instant", processingSlots: 1000, ...options });
  open.push(made.emulator);
  return made;
}

/** The typed admin client of an in-process emulator. */
function adminOf(emulator: Emulator): EmulatorAdmin {
  return new EmulatorAdmin(BASE, { fetch: emulator.fetch });
}

async function limitsView(emulator: Emulator): Promise<Loose> {
  return (await adminOf(emulator).limits()) as Loose;
}

const create = (api: TestApi, priority: number, text = `run ${priority}`) =>
  api.createRun({ processorId: "dp_invoice_extractor", rawText: text, priority });

async function statusOf(api: TestApi, id: string): Promise<string> {
  return (await api.getRun(id))["status"];
}

// Request buckets are set high so only the files/min budget is under test.
const fast = { requestsPerSecond: 10_000 };

describe("plan limits: files/min throughput", () => {
  it("queues runs beyond the budget PENDING and starts them by priority as the window frees", async () => {
    const { emulator, api } = start({ limits: { ...fast, filesPerMinute: 1 } });
    const first = await create(api, 50);
    const low = await create(api, 90);
    const high = await create(api, 10);
    const mid = await create(api, 50, "mid");
    expect(first["status"]).not.toBe("PENDING");
    expect([low, high, mid].map((r) => r["status"])).toEqual(["PENDING", "PENDING", "PENDING"]);
    const view = await limitsView(emulator);
    expect(view["keys"][0]["files"]).toMatchObject({ used: 1, limit: 1, windowMs: 60_000, pending: 3 });
    await emulator.clock.advance(59_999);
    expect(await statusOf(api, high["id"])).toBe("PENDING");
    await emulator.clock.advance(1);
    expect(await statusOf(api, high["id"])).toBe("PROCESSED");
    expect([await statusOf(api, mid["id"]), await statusOf(api, low["id"])]).toEqual(["PENDING", "PENDING"]);
    await emulator.clock.advance(60_000);
    expect([await statusOf(api, mid["id"]), await statusOf(api, low["id"])]).toEqual([
      "PROCESSED",
      "PENDING",
    ]);
    await emulator.clock.advance(60_000);
    expect(await statusOf(api, low["id"])).toBe("PROCESSED");
  });

  it("PAYG starts 80 runs a minute and holds the rest PENDING", async () => {
    const { emulator, api } = start({ limits: { plan: "payg", requestsPerSecond: 10_000 } });
    const runs = [];
    for (let i = 0; i < 100; i++) runs.push(await create(api, 50, `invoice ${i}`));
    expect(runs.filter((r) => r["status"] === "PENDING")).toHaveLength(20);
    expect((await limitsView(emulator))["keys"][0]["files"]).toMatchObject({
      used: 80,
      limit: 80,
      pending: 20,
    });
    await emulator.clock.advance(60_000);
    expect((await limitsView(emulator))["keys"][0]["files"]).toMatchObject({ used: 20, pending: 0 });
  });

  it("budgets each API key separately", async () => {
    const keys = ["sk_test_one", "sk_test_two"];
    const { api } = start({ apiKeys: keys, limits: { ...fast, filesPerMinute: 1 } });
    const as = (key: string, text: string) =>
      api.request(
        "POST",
        "/processor_runs",
        { processorId: "dp_invoice_extractor", rawText: text },
        { authorization: `Bearer ${key}`, "x-extend-api-version": "2025-04-21" },
      );
    const statusesOf = async (responses: Response[]) =>
      Promise.all(responses.map(async (r) => ((await r.json()) as Loose)["processorRun"]["status"]));
    const one = await statusesOf([await as(keys[0]!, "a"), await as(keys[0]!, "b")]);
    const two = await statusesOf([await as(keys[1]!, "c")]);
    expect(one[1]).toBe("PENDING");
    expect(one[0]).not.toBe("PENDING");
    expect(two[0]).not.toBe("PENDING");
  });

  it("reject mode answers 429 with Retry-After until the window frees, and creates nothing", async () => {
    const { emulator, api } = start({ limits: { ...fast, filesPerMinute: 2, throughput: "reject" } });
    await create(api, 50, "a");
    await emulator.clock.advance(10_000);
    await create(api, 50, "b");
    const refused = await api.request("POST", "/processor_runs", {
      processorId: "dp_invoice_extractor",
      rawText: "c",
    });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("50");
    expect(((await refused.json()) as Loose)["code"]).toBe("RATE_LIMIT_EXCEEDED");
    const view = await limitsView(emulator);
    expect(view["filesRefused"]).toBe(1);
    expect(view["counts"]["run"]).toEqual({ answered: 3, refused: 0 });
    expect((await api.json("GET", "/processor_runs")).body["processorRuns"]).toHaveLength(2);
    // A create refused for another reason spends no budget.
    await emulator.clock.advance(50_000);
    expect(
      (await api.request("POST", "/processor_runs", { processorId: "dp_nope", rawText: "x" })).status,
    ).toBe(404);
    expect((await create(api, 50, "d"))["status"]).not.toBe("PENDING");
  });

  it("limits/reset empties the window and starts waiting runs", async () => {
    const { emulator, api } = start({ limits: { ...fast, filesPerMinute: 1 } });
    await create(api, 50, "a");
    const waiting = await create(api, 50, "b");
    await adminOf(emulator).resetLimits();
    await emulator.clock.advance(0);
    expect(await statusOf(api, waiting["id"])).toBe("PROCESSED");
  });
});
