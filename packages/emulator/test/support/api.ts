import { EmulatorAdmin } from "../../src/admin/index.js";
import { createEmulator, DEFAULT_API_KEY, type Emulator, type EmulatorOptions } from "../../src/index.js";

/** Parsed JSON as the tests inspect it: loosely typed on purpose, assertions check the shape. */
// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by assertions, not by types
export type Loose = Record<string, any>;

/** Base URL used for in-process requests. */
export const BASE = "http://emulator.test";

/** Headers every authenticated 2025-04-21 request carries. */
export const AUTH = { authorization: `Bearer ${DEFAULT_API_KEY}`, "x-extend-api-version": "2025-04-21" };

/** A small in-process client around `emulator.fetch`, with the typed admin client next to it. */
export class TestApi {
  readonly admin: EmulatorAdmin;

  constructor(readonly emulator: Emulator) {
    this.admin = new EmulatorAdmin(BASE, { fetch: emulator.fetch });
  }

  request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = AUTH,
  ): Promise<Response> {
    const init: RequestInit = { method, headers: { ...headers } };
    if (body !== undefined) {
      init.body = typeof body === "string" ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)["content-type"] = "application/json";
    }
    return this.emulator.fetch(new Request(`${BASE}${path}`, init));
  }

  async json<T = Loose>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await this.request(method, path, body);
    return { status: response.status, body: (await response.json()) as T };
  }

  /** Creates a run and returns the processorRun object (asserting 200). */
  async createRun(body: Record<string, unknown>): Promise<Loose> {
    const { status, body: json } = await this.json("POST", "/processor_runs", body);
    if (status !== 200) throw new Error(`create failed: ${status} ${JSON.stringify(json)}`);
    return json["processorRun"];
  }

  async getRun(id: string): Promise<Loose> {
    const { status, body } = await this.json("GET", `/processor_runs/${id}`);
    if (status !== 200) throw new Error(`get failed: ${status} ${JSON.stringify(body)}`);
    return body["processorRun"];
  }

  /** A run's list summary (the only place 2025-04-21 gives createdAt/updatedAt). */
  async getSummary(id: string): Promise<Loose> {
    const { status, body } = await this.json("GET", "/processor_runs?maxPageSize=1000");
    const summary = body["processorRuns"]?.find((run: Loose) => run["id"] === id);
    if (status !== 200 || !summary)
      throw new Error(`no summary for ${id}: ${status} ${JSON.stringify(body)}`);
    return summary;
  }

  async upload(
    content: string | Uint8Array,
    name: string,
    type = "text/plain",
    query = "",
  ): Promise<Response> {
    const form = new FormData();
    form.append("file", new File([content as BlobPart], name, { type }));
    return this.emulator.fetch(
      new Request(`${BASE}/files/upload${query}`, { method: "POST", headers: AUTH, body: form }),
    );
  }
}

/** A virtual-clock emulator and its client. */
export function virtualEmulator(options: EmulatorOptions = {}): { emulator: Emulator; api: TestApi } {
  const emulator = createEmulator({ clock: "virtual", limits: "off", ...options });
  return { emulator, api: new TestApi(emulator) };
}

/** An invoice in `Label: value` lines. */
export const INVOICE_TEXT =
  "Invoice Number: INV-1042\nVendor: Acme Corp\nInvoice Date: 2025-05-01\nTotal: 1,250.00\nCurrency: USD";
