import { describe, expect, it } from "vitest";
import { ExtendClient, Page } from "../../src/index.js";
import { API_KEY, json, scriptedFetch } from "../helpers/fake-fetch.js";

const page = (ids: string[], next: string | null | undefined) =>
  json(200, {
    success: true,
    processorRuns: ids.map((id) => ({ id })),
    ...(next === undefined ? {} : { nextPageToken: next }),
  });

describe("list pages", () => {
  it("await gives one page with data, nextPageToken, hasNextPage and getNextPage", async () => {
    const fake = scriptedFetch([page(["a", "b"], "t2"), page(["c"], null)]);
    const client = new ExtendClient({ apiKey: API_KEY, baseUrl: "http://127.0.0.1:9", fetch: fake.fetch });
    const first = await client.processorRuns.list({ processorId: "dp_x", maxPageSize: 2 });
    expect(first).toBeInstanceOf(Page);
    expect(first.data.map((r) => r.id)).toEqual(["a", "b"]);
    expect(first.nextPageToken).toBe("t2");
    expect(first.hasNextPage()).toBe(true);
    const second = await first.getNextPage();
    expect(second.data.map((r) => r.id)).toEqual(["c"]);
    expect(second.nextPageToken).toBeNull();
    expect(second.hasNextPage()).toBe(false);
    // The filters stay on every page; only the token changes.
    expect(new URL(fake.calls[1]?.url ?? "").searchParams.get("processorId")).toBe("dp_x");
    expect(new URL(fake.calls[1]?.url ?? "").searchParams.get("nextPageToken")).toBe("t2");
  });

  it("for await walks every item of every page and fetches pages lazily", async () => {
    const fake = scriptedFetch([page(["a", "b"], "t2"), page(["c", "d"], "t3"), page(["e"], null)]);
    const client = new ExtendClient({ apiKey: API_KEY, fetch: fake.fetch });
    const seen: string[] = [];
    for await (const run of client.processorRuns.list()) {
      seen.push(run.id);
      if (run.id === "b") expect(fake.calls).toHaveLength(1);
    }
    expect(seen).toEqual(["a", "b", "c", "d", "e"]);
    expect(fake.calls).toHaveLength(3);
  });

  it("breaking out early fetches no further page", async () => {
    const fake = scriptedFetch([page(["a", "b"], "t2"), page(["c"], null)]);
    const client = new ExtendClient({ apiKey: API_KEY, fetch: fake.fetch });
    for await (const run of client.processorRuns.list()) {
      if (run.id === "a") break;
    }
    expect(fake.calls).toHaveLength(1);
  });

  it("treats an absent or empty token as the last page", async () => {
    for (const next of [undefined, ""]) {
      const fake = scriptedFetch([page(["a"], next)]);
      const client = new ExtendClient({ apiKey: API_KEY, fetch: fake.fetch });
      const p = await client.processorRuns.list();
      expect(p.nextPageToken).toBeNull();
      expect(p.hasNextPage()).toBe(false);
    }
  });

  it("a page can be iterated from itself on", async () => {
    const fake = scriptedFetch([page(["a"], "t2"), page(["b"], "t3"), page(["c"], null)]);
    const client = new ExtendClient({ apiKey: API_KEY, fetch: fake.fetch });
    const first = await client.processorRuns.list();
    const second = await first.getNextPage();
    const ids: string[] = [];
    for await (const run of second) ids.push(run.id);
    expect(ids).toEqual(["b", "c"]);
    expect(fake.calls).toHaveLength(3);
  });

  it("withResponse() on a list gives the first page and its response", async () => {
    const fake = scriptedFetch([page(["a"], null)]);
    const client = new ExtendClient({ apiKey: API_KEY, fetch: fake.fetch });
    const { data, response } = await client.processorRuns.list().withResponse();
    expect(data.data).toHaveLength(1);
    expect(response.status).toBe(200);
  });

  it("files.list pages the same way", async () => {
    const files = (ids: string[], next: string | null) =>
      json(200, { success: true, files: ids.map((id) => ({ id })), nextPageToken: next });
    const fake = scriptedFetch([files(["f1"], "x"), files(["f2"], null)]);
    const client = new ExtendClient({ apiKey: API_KEY, fetch: fake.fetch });
    const ids: string[] = [];
    for await (const f of client.files.list({ maxPageSize: 1 })) ids.push(f.id);
    expect(ids).toEqual(["f1", "f2"]);
  });
});
