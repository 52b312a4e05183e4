// The browser example: @extendkit/core against the extendkit proxy with a client token. The Extend key
// never reaches the browser; the proxy adds it. Query parameters prefill the form
// (?proxy=http://127.0.0.1:8787&token=...) and are then removed from the address bar so the token does
// not stay in the history.
import { ExtendClient } from "@extendkit/core";

const PROCESSORS = {
  extractor: new URLSearchParams(location.search).get("extractor") ?? "dp_invoice_extractor",
  classifier: new URLSearchParams(location.search).get("classifier") ?? "dp_document_classifier",
};
const MAX_TABLE_ROWS = 60;

const form = /** @type {HTMLFormElement} */ (document.getElementById("run-form"));
const proxyInput = /** @type {HTMLInputElement} */ (document.getElementById("proxy-url"));
const tokenInput = /** @type {HTMLInputElement} */ (document.getElementById("client-token"));
const fileInput = /** @type {HTMLInputElement} */ (document.getElementById("document"));
const runButton = /** @type {HTMLButtonElement} */ (document.getElementById("run"));
const statusEl = /** @type {HTMLElement} */ (document.getElementById("status"));
const runIdEl = /** @type {HTMLElement} */ (document.getElementById("run-id"));
const timelineEl = /** @type {HTMLElement} */ (document.getElementById("timeline"));
const errorEl = /** @type {HTMLElement} */ (document.getElementById("error"));
const resultEl = /** @type {HTMLElement} */ (document.getElementById("result"));
const tableBody = /** @type {HTMLElement} */ (document.querySelector("#output-table tbody"));
const jsonEl = /** @type {HTMLElement} */ (document.getElementById("output-json"));

prefillFromQuery();
form.addEventListener("submit", (event) => {
  event.preventDefault();
  void run();
});

function prefillFromQuery() {
  const params = new URLSearchParams(location.search);
  proxyInput.value = params.get("proxy") ?? `${location.protocol}//${location.hostname}:8787`;
  tokenInput.value = params.get("token") ?? "";
  if (params.has("token")) {
    params.delete("token");
    const query = params.toString();
    history.replaceState(null, "", `${location.pathname}${query ? `?${query}` : ""}`);
  }
}

async function run() {
  const picked = fileInput.files?.[0];
  if (!picked) return showError("Pick a document first.");
  const kind = /** @type {"extractor" | "classifier"} */ (new FormData(form).get("processor"));
  const client = new ExtendClient({ apiKey: tokenInput.value.trim(), baseUrl: proxyInput.value.trim() });
  reset();
  runButton.disabled = true;
  try {
    setStatus("uploading", `Uploading ${picked.name} (${picked.size} bytes)`);
    const file = await client.files.upload(picked, { fileName: picked.name });
    setStatus("creating", `Uploaded as ${file.id}; starting ${PROCESSORS[kind]}`);
    const created = await client.processorRuns.create({
      processorId: PROCESSORS[kind],
      file: { fileId: file.id, fileName: picked.name },
      metadata: { source: "examples/web" },
    });
    runIdEl.textContent = created.id;
    setStatus(created.status, `Run ${created.id} created`);
    const finished = await client.processorRuns.wait(created.id, {
      timeoutMs: 120_000,
      onUpdate: (update) => {
        if (update.status !== statusEl.dataset["state"]) setStatus(update.status, `Status ${update.status}`);
      },
    });
    setStatus(finished.status, `Finished: ${finished.status}`);
    if (finished.status === "FAILED") {
      showError(`Run failed: ${finished.failureReason ?? "unknown reason"} ${finished.failureMessage ?? ""}`);
    }
    showOutput(finished);
  } catch (error) {
    setStatus("error", "Request failed");
    showError(describe(error));
  } finally {
    runButton.disabled = false;
  }
}

/** @param {unknown} error */
function describe(error) {
  if (!(error instanceof Error)) return String(error);
  const status = "status" in error ? ` (HTTP ${error.status})` : "";
  // A CORS refusal reaches JavaScript only as a failed fetch: say what to check.
  const hint =
    error.name === "ConnectionError"
      ? " — the proxy could not be reached, or it refused this page's origin (check ALLOWED_ORIGINS)."
      : "";
  return `${error.name}${status}: ${error.message}${hint}`;
}

function reset() {
  errorEl.hidden = true;
  errorEl.textContent = "";
  resultEl.hidden = true;
  timelineEl.replaceChildren();
  runIdEl.textContent = "";
}

/** @param {string} state @param {string} line */
function setStatus(state, line) {
  statusEl.dataset["state"] = state;
  statusEl.textContent = state;
  const item = document.createElement("li");
  item.textContent = `${new Date().toLocaleTimeString()} ${line}`;
  timelineEl.append(item);
}

/** @param {string} message */
function showError(message) {
  errorEl.textContent = message;
  errorEl.hidden = false;
}

/** @param {{ type?: string; output?: unknown }} run */
function showOutput(run) {
  jsonEl.textContent = JSON.stringify(run.output ?? {}, null, 2);
  const rows = flatten(tableRoot(run.output)).slice(0, MAX_TABLE_ROWS);
  tableBody.replaceChildren(
    ...rows.map(([field, value]) => {
      const tr = document.createElement("tr");
      const name = document.createElement("td");
      const cell = document.createElement("td");
      name.textContent = field;
      cell.textContent = value;
      tr.append(name, cell);
      return tr;
    }),
  );
  resultEl.hidden = false;
}

/**
 * The part of an output worth tabulating: a JSON-schema extraction's `value`, a legacy extraction's
 * field values, or the object itself (classification).
 * @param {unknown} output
 */
function tableRoot(output) {
  if (!isObject(output)) return {};
  if (isObject(output["value"])) return output["value"];
  const entries = Object.entries(output);
  if (entries.length > 0 && entries.every(([, field]) => isObject(field) && "value" in field)) {
    return Object.fromEntries(entries.map(([id, field]) => [id, /** @type {any} */ (field).value]));
  }
  return output;
}

/**
 * Leaf values with dotted paths (`lineItems.0.amount`).
 * @param {unknown} value @param {string} [prefix] @returns {Array<[string, string]>}
 */
function flatten(value, prefix = "") {
  if (Array.isArray(value) || isObject(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return prefix ? [[prefix, Array.isArray(value) ? "[]" : "{}"]] : [];
    return entries.flatMap(([key, inner]) => flatten(inner, prefix ? `${prefix}.${key}` : key));
  }
  return [[prefix || "value", value === null || value === undefined ? "—" : String(value)]];
}

/** @param {unknown} value @returns {value is Record<string, unknown>} */
function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
