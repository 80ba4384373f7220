/**
 * Filter inputs of the report pages (period, priority, segment, client) with Russian labels,
 * initialised from the URL query string.
 */
import * as Inputs from "@observablehq/inputs";
import { formatMonth } from "../core/format.js";
import { PRIORITY_LABELS_RU, PRIORITY_ORDER, SEGMENT_LABELS_RU, labelOf } from "../core/labels.js";
import { readParam } from "./url-state.js";

export const ALL = "all";

export function monthSelect(name: string, label: string, months: readonly string[], fallback: string) {
  return Inputs.select([...months], { label, value: readParam(name, months, fallback), format: (m: string) => formatMonth(m) });
}

export function prioritySelect() {
  const options = [ALL, ...PRIORITY_ORDER];
  return Inputs.select(options, {
    label: "Приоритет",
    value: readParam("priority", options, ALL),
    format: (p: string) => (p === ALL ? "Все приоритеты" : labelOf(PRIORITY_LABELS_RU, p)),
  });
}

export function segmentSelect(segments: readonly string[]) {
  const options = [ALL, ...segments];
  return Inputs.select(options, {
    label: "Сегмент",
    value: readParam("segment", options, ALL),
    format: (s: string) => (s === ALL ? "Все сегменты" : SEGMENT_LABELS_RU[s] ?? s),
  });
}

/** Client filter: values are client ids, labels are the names (shown as text). */
export function clientSelect(clients: readonly { id: string; name: string }[]) {
  const names = new Map(clients.map((c) => [c.id, c.name]));
  const options = [ALL, ...clients.map((c) => c.id)];
  return Inputs.select(options, {
    label: "Клиент",
    value: readParam("client", options, ALL),
    format: (id: string) => (id === ALL ? "Все клиенты" : `${names.get(id) ?? id} (${id})`),
  });
}

/** The filter form row: a container holding the given inputs side by side. */
export function filterRow(...inputs: HTMLElement[]): HTMLElement {
  const row = document.createElement("div");
  row.className = "report-filters no-print-inputs";
  row.append(...inputs);
  return row;
}
