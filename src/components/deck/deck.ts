/**
 * «Скачать презентацию»: the monthly report as a 16:9 PowerPoint deck, built in the browser with
 * pptxgenjs from the same data the report page shows (the monthly KPIs, the narrative, the
 * settings). The page's button and `support-analytics report --out FILE.pptx` (which clicks it
 * in headless Chromium) make the same file.
 */
import { formatMonth, formatMonthTitle } from "../../core/format.js";
import { triggerNearFrom, type MonthKpis } from "../kpi.js";
import type { NarrativeItem } from "../narrative.js";
import { reportChartSpecs } from "./chart-specs.js";
import { resolvePalette, type DeckPalette } from "./colors.js";
import { defineMaster } from "./layout.js";
import { PresentationClass, type Presentation } from "./pptx.js";
import { addChartSlide, addKpiSlide, addNarrativeSlide, addTitleSlide, addTriggersSlide, narrativePages } from "./slides.js";

export interface DeckInput {
  month: string;
  months: readonly MonthKpis[];
  settings: unknown;
  narrative: readonly NarrativeItem[];
  /** «24 ноября 2026»: the day the data is as of */
  asOfDay: string;
  /** where the data comes from: «папка «sample»» or «хранилище «warehouse.duckdb»» (dataSourceRu) */
  sourceRu: string;
  /** «месяц не завершён: данные по 24 ноября» when the month shown is incomplete, else null */
  incompleteNoteRu?: string | null;
}

export const DECK_TITLE_RU = "Ежемесячный отчёт отдела сопровождения";

export function deckFilename(month: string): string {
  return `otchet-${month}.pptx`;
}

/** The deck as a pptxgenjs presentation (not yet written). */
export function composeDeck(input: DeckInput, palette: DeckPalette): Presentation {
  const pptx = new PresentationClass();
  pptx.layout = "LAYOUT_16x9";
  pptx.title = `${DECK_TITLE_RU}: ${formatMonth(input.month)}`;
  pptx.company = "PASS24";
  const source = `Источник: выгрузки Bitrix24 отдела сопровождения (${input.sourceRu})`;
  defineMaster(pptx, `${source} · данные на ${input.asOfDay}`);
  const note = input.incompleteNoteRu ? ` — ${input.incompleteNoteRu}` : "";
  const monthText = `${formatMonth(input.month)}${note}`;
  const change = input.incompleteNoteRu
    ? "количества — к тем же дням предыдущего месяца, остальное не сравнивается"
    : "изменение к предыдущему месяцу";
  addTitleSlide(pptx, { title: DECK_TITLE_RU, month: `${formatMonthTitle(input.month)}${note}`, asOf: `Данные на ${input.asOfDay}`, source });
  addKpiSlide(pptx, input.months, input.month, input.settings, `${monthText}: значения против целей регламента отдела; ${change}`, palette);
  const pages = narrativePages(input.narrative);
  pages.forEach((items, i) => {
    const title = pages.length > 1 ? `Что изменилось и почему (${i + 1}/${pages.length})` : "Что изменилось и почему";
    addNarrativeSlide(pptx, items, title, monthText, palette);
  });
  for (const spec of reportChartSpecs(input.months, input.month, input.settings)) addChartSlide(pptx, spec, spec.subtitle, palette);
  addTriggersSlide(pptx, input.months, input.month, `${monthText}: пороги из регламента, при которых отделу нужен новый сотрудник`, triggerNearFrom(input.settings), palette);
  return pptx;
}

/**
 * Builds the deck with the page's colours and downloads it. pptxgenjs's own browser download is
 * used because it is the path on which it compresses the file.
 */
export async function downloadDeck(input: DeckInput): Promise<void> {
  await composeDeck(input, resolvePalette()).writeFile({ fileName: deckFilename(input.month), compression: true });
}

/** The «Скачать презентацию» button: builds the deck for the month shown and downloads it. */
export function DeckButton(input: DeckInput): HTMLButtonElement {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "deck-download no-print";
  button.textContent = "Скачать презентацию";
  button.title = "Презентация PowerPoint 16:9: показатели, выводы, графики (редактируемые), триггеры";
  button.addEventListener("click", async () => {
    button.disabled = true;
    button.textContent = "Готовлю презентацию…";
    try {
      await downloadDeck(input);
    } catch (error) {
      console.warn("Презентация не создана:", error);
    } finally {
      button.disabled = false;
      button.textContent = "Скачать презентацию";
    }
  });
  return button;
}
