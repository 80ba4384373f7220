/**
 * The «Проверка прогноза» table and metric picker: coverage of the P10–P90 band and the P50
 * error per metric and overall, for each scored horizon, read from the backtest JSON.
 */
import { html } from "htl";
import { formatNumber, formatPercent } from "../../core/format.js";
import { BACKTEST_METRICS, BACKTEST_METRIC_LABELS_RU, type BacktestMetric, type BacktestScore } from "../../core/simulator/backtest-score.js";

type Pick = (values: BacktestScore["coverage"]) => number | null;

export function backtestTable(horizons: readonly BacktestScore[]): HTMLElement {
  const cell = (value: number | null, digits: number) => (value === null ? "—" : formatPercent(value, digits));
  const row = (label: unknown, pick: Pick) => html`<tr><td>${label}</td>${horizons.map((x) => html`<td>${cell(pick(x.coverage), 0)}</td>`)}${horizons.map((x) => html`<td>${cell(pick(x.mdape), 1)}</td>`)}</tr>`;
  return html`<table class="sim-table">
    <thead><tr><th>Показатель</th>${horizons.map((x) => html`<th>Покрытие, ${formatNumber(x.months)} мес.</th>`)}${horizons.map((x) => html`<th>Ошибка P50, ${formatNumber(x.months)} мес.</th>`)}</tr></thead>
    <tbody>${BACKTEST_METRICS.map((m) => row(BACKTEST_METRIC_LABELS_RU[m], (v) => v.by_metric[m]))}${row(html`<strong>Все показатели</strong>`, (v) => v.overall)}</tbody>
  </table>`;
}

/** A select of the backtest's metrics (its value is the metric's key). */
export function backtestMetricSelect(): HTMLSelectElement & { value: BacktestMetric } {
  return html`<select class="sim-backtest-metric">${BACKTEST_METRICS.map((m) => html`<option value=${m}>${BACKTEST_METRIC_LABELS_RU[m]}</option>`)}</select>` as unknown as HTMLSelectElement & { value: BacktestMetric };
}
