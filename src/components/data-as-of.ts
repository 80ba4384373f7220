/**
 * «Данные на 24 ноября 2026»: the day of the build's as-of moment (data/site/as-of.json; the rule is in
 * loaders/as-of.ts), shown on every page. Built with textContent only.
 */
import { formatInstantDay } from "../core/format.js";

/** What data/site/as-of.json holds: the as-of instant (ISO) and the calendar's time zone. */
export interface AsOfData {
  asOf: string;
  timezone: string;
}

/** The line «Данные на <day>» (ru-RU), with the instant in `data-as-of` and a tooltip on the rule. */
export function DataAsOf({ asOf, timezone }: AsOfData): HTMLElement {
  const line = document.createElement("span");
  line.className = "data-as-of muted";
  line.dataset.asOf = asOf;
  line.textContent = `Данные на ${formatInstantDay(asOf, timezone)}`;
  line.title = "Дата данных: последний день, за который в выгрузках есть события (обращения, ответы, решения, выезды, оплаты, ответы NPS…); подробнее — в «Методике»";
  return line;
}
