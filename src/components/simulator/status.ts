/**
 * A simulator session's status as the pages show it: a progress bar, a line of text and the
 * cancel button (enabled while a run is going). `statusText` and `statusProgress` are pure.
 */
import { formatNumber } from "../../core/format.js";
import type { RunStatus } from "./session.js";

/**
 * The status line. `detailed`: the finished run's runs, tickets, seconds and threads (the
 * simulator); otherwise «Готово» (the hiring case, whose plan runs several simulations).
 */
export function statusText(status: RunStatus, detailed: boolean): string {
  switch (status.phase) {
    case "idle":
      return "Готово к расчёту";
    case "running":
      if (status.done === 0 && status.part === 0) return "Расчёт…";
      return status.label === null
        ? `Прогонов: ${formatNumber(status.done)} из ${formatNumber(status.total)}`
        : `${status.label}: ${formatNumber(status.done)} из ${formatNumber(status.total)} прогонов`;
    case "done": {
      const summary = status.summaries[status.summaries.length - 1];
      if (!detailed || !summary) return "Готово";
      return `Готово: ${formatNumber(summary.runs)} прогонов, ${formatNumber(summary.simulatedTickets)} обращений за ${formatNumber(summary.elapsedMs / 1000, 1)} с, потоков: ${formatNumber(status.threads)}`;
    }
    case "cancelled":
      return "Расчёт отменён";
    case "failed":
      return detailed ? "Ошибка" : `Ошибка: ${status.message}`;
  }
}

/** The share of the plan done, 0–1 (a finished run shows a full bar, a cancelled or failed one an empty bar). */
export function statusProgress(status: RunStatus): number {
  if (status.phase === "running") return (status.part + (status.total > 0 ? status.done / status.total : 0)) / status.parts;
  return status.phase === "done" ? 1 : 0;
}

/** The progress bar, the status line, the cancel button and, for a failed run in the detailed form, its message. */
export function runStatus(status: RunStatus, cancel: () => void, detailed: boolean): HTMLElement {
  const root = document.createElement("div");
  root.className = "sim-status";
  const progress = document.createElement("progress");
  progress.className = "sim-progress";
  progress.max = 1;
  progress.value = statusProgress(status);
  const text = document.createElement("span");
  text.className = "sim-progress-text";
  text.textContent = statusText(status, detailed);
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = "Отмена";
  button.disabled = status.phase !== "running";
  button.addEventListener("click", cancel);
  root.append(progress, " ", text, " ", button);
  if (detailed && status.phase === "failed") {
    const note = document.createElement("p");
    note.className = "sim-note sim-note-warn";
    note.textContent = status.message;
    root.append(note);
  }
  return root;
}
