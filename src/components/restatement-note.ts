/**
 * A published report's restatements beside its figures: «Опубликовано 1 ноября 2026; после
 * публикации пересчитано: …», one line per headline figure that moved, as data/site/restatements.json
 * holds them (the loader writes each line; nothing is recomputed here). Built with textContent only.
 */
import { formatInstantDay } from "../core/format.js";

/** One month's entry of data/site/restatements.json (loaders/warehouse/restatements.ts). */
export interface MonthRestatements {
  publication_id: number;
  published_at: string;
  as_of_published: string;
  items: readonly { key: string; line_ru: string }[];
}

/** The note's text: its head and one line per restated figure; null when the month was not published. */
export function restatementNoteText(entry: MonthRestatements | null | undefined, timeZone = "Europe/Moscow"): { head: string; lines: string[] } | null {
  if (!entry) return null;
  const published = `Опубликовано ${formatInstantDay(entry.published_at, timeZone)} (данные на ${formatInstantDay(entry.as_of_published, timeZone)})`;
  if (entry.items.length === 0) return { head: `${published}; с тех пор показатели не изменились`, lines: [] };
  return { head: `${published}; после публикации пересчитано:`, lines: entry.items.map((i) => i.line_ru.replace(/^после публикации пересчитано: /, "")) };
}

/** The note under the KPI cards, or an empty text node when the month was not published. */
export function RestatementNote(entry: MonthRestatements | null | undefined, timeZone = "Europe/Moscow"): Node {
  const text = restatementNoteText(entry, timeZone);
  if (!text) return document.createTextNode("");
  const note = document.createElement("div");
  note.className = "restatement-note muted";
  note.dataset.publication = String(entry!.publication_id);
  const head = document.createElement("p");
  head.textContent = text.head;
  note.append(head);
  if (text.lines.length > 0) {
    const list = document.createElement("ul");
    for (const line of text.lines) {
      const li = document.createElement("li");
      li.textContent = line;
      list.append(li);
    }
    note.append(list);
  }
  return note;
}

/** Adds «пересчитано после публикации» to the cards (data-kpi) of the restated figures; returns the grid. */
export function markRestatedCards(grid: HTMLElement, entry: MonthRestatements | null | undefined): HTMLElement {
  for (const item of entry?.items ?? []) {
    const card = [...grid.querySelectorAll<HTMLElement>("[data-kpi]")].find((c) => c.dataset.kpi === item.key);
    if (!card) continue;
    const mark = document.createElement("div");
    mark.className = "restatement-mark muted";
    mark.textContent = "пересчитано после публикации";
    mark.title = item.line_ru;
    card.append(mark);
  }
  return grid;
}
