/**
 * The «Методика» page as static Markdown (the page loader src/methodology.md.ts prints it): every
 * definition with its anchors, targets, workload norms, trigger thresholds and the plan check,
 * rendered at build time from loaders/metrics/methodology.ts. Static HTML means the anchors the
 * other pages link to (`/methodology#sla.standard.compliance`) exist on load: the browser scrolls
 * to them natively and Framework's link check can validate them.
 *
 * Every text is HTML-escaped, and `$` too, so that no `${…}` in a definition reads as a Framework
 * expression.
 */
import { AS_OF_METHOD_RU, type MethodologyData, type MethodologyEntry, type SettingRow } from "../metrics/methodology.ts";
import type { PlanCheckRow } from "../metrics/plan-check.ts";
import { formatNumberUpTo, formatRangeUpTo } from "../../src/core/format.ts";

/** Text for HTML content and attributes (also `$`: Framework reads `${` in Markdown as code). */
export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;")
    .replaceAll("$", "&#36;");
}


export function formatTargetRu(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined) return "—";
  if (unit === "доля") return `${formatNumberUpTo(value * 100, 1)}\u00a0%`;
  return formatNumberUpTo(value, 2);
}

export function formatSettingRu(value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => formatNumberUpTo(Number(v), 3)).join("–");
  if (typeof value === "number") return formatNumberUpTo(value, 3);
  if (value !== null && typeof value === "object") {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${formatSettingRu(v)}`)
      .join("; ");
  }
  return String(value);
}

const VERDICT_RU: Record<string, string> = { ok: "сходится", understated: "занижено", overstated: "завышено" };

function targetsNote(d: MethodologyEntry): string {
  if (d.targets.length === 0) return "";
  const list = d.targets
    .map((t) => `${t.key.replace(/^sla\.(\w+)\.compliance_target$/, "$1")}: ${formatTargetRu(t.value, d.unit)}`)
    .join(", ");
  const direction = d.target_direction === "max" ? ", не больше" : d.target_direction === "min" ? ", не меньше" : "";
  return ` <span class="muted">(в настройках: ${escapeHtml(list)}${direction})</span>`;
}

export function definitionHtml(d: MethodologyEntry): string {
  const lines = [
    `<section class="metric-def" id="${escapeHtml(d.id)}">`,
    ...d.anchors.filter((a) => a !== d.id).map((a) => `<span class="anchor" id="${escapeHtml(a)}"></span>`),
    `<h3>${escapeHtml(d.name_ru)} <a class="permalink" href="#${escapeHtml(d.id)}" title="Ссылка на определение">#</a></h3>`,
    `<p class="metric-key"><code>${escapeHtml(d.key)}</code> · ${escapeHtml(d.unit)}</p>`,
    `<p>${escapeHtml(d.definition_ru)}</p>`,
    `<p><b>Формула:</b> ${escapeHtml(d.formula)}</p>`,
  ];
  const note = targetsNote(d);
  if (d.target_ru || note) lines.push(`<p><b>Цель:</b> ${escapeHtml(d.target_ru ?? "")}${note}</p>`);
  lines.push(`<p class="muted"><b>Источник:</b> ${escapeHtml(d.source_ru)}</p>`, `</section>`);
  return lines.join("\n");
}

export function settingsTableHtml(rows: readonly SettingRow[]): string {
  return [
    `<table class="settings-table">`,
    `<thead><tr><th>Параметр</th><th>Значение</th><th>Источник / обоснование</th></tr></thead>`,
    `<tbody>`,
    ...rows.map(
      (r) => `<tr><td><code>${escapeHtml(r.key)}</code></td><td>${escapeHtml(formatSettingRu(r.value))}</td><td>${escapeHtml(r.source ?? "—")}</td></tr>`,
    ),
    `</tbody>`,
    `</table>`,
  ].join("\n");
}

export function planCheckTableHtml(rows: readonly PlanCheckRow[]): string {
  return [
    `<table class="settings-table plan-check">`,
    `<thead><tr><th>Утверждение документа</th><th>В документе</th><th>Пересчёт</th><th>Единица</th><th>Вывод</th><th>Расчёт</th></tr></thead>`,
    `<tbody>`,
    ...rows.map((r) =>
      [
        `<tr id="plan-${escapeHtml(r.id)}">`,
        `<td>${escapeHtml(r.claim_ru)}</td>`,
        `<td>${escapeHtml(formatRangeUpTo(r.document_value, 1))}</td>`,
        `<td>${escapeHtml(formatRangeUpTo(r.recomputed_value, 1))}</td>`,
        `<td>${escapeHtml(r.unit)}</td>`,
        `<td class="verdict verdict--${escapeHtml(r.verdict)}">${escapeHtml(VERDICT_RU[r.verdict] ?? r.verdict)}</td>`,
        `<td>${escapeHtml(r.explanation_ru)}</td>`,
        `</tr>`,
      ].join(""),
    ),
    `</tbody>`,
    `</table>`,
  ].join("\n");
}

const STYLE = `<style>
.metric-def { border-top: 1px solid var(--theme-foreground-faintest); padding: 0.5rem 0 0.25rem; max-width: 960px; scroll-margin-top: 4rem; }
.metric-def h3 { margin-bottom: 0.2rem; }
.metric-def .metric-key { margin-top: 0; color: var(--theme-foreground-muted); }
.metric-def:target, .metric-def:has(> .anchor:target) { background: color-mix(in srgb, var(--theme-foreground-focus) 8%, transparent); }
.metric-def .anchor { display: block; position: relative; top: -4rem; visibility: hidden; }
.permalink { text-decoration: none; opacity: 0.4; font-size: 0.8em; }
.muted { color: var(--theme-foreground-muted); }
.settings-table { max-width: 1100px; }
.settings-table:not(.plan-check) td:nth-child(3), .plan-check td:nth-child(6) { font-size: 0.85em; }
.toc-inline a { margin-right: 0.5rem; }
.verdict--understated, .verdict--overstated { color: var(--theme-red); font-weight: 600; }
.verdict--ok { color: var(--theme-green); }
</style>`;

/** The whole page: front matter, prose and static HTML blocks (each block without blank lines inside). */
export function methodologyMarkdown(data: MethodologyData): string {
  const placeholders = Object.values(data.placeholders).map((p) => `<br>${escapeHtml(p)}`).join("");
  const toc = [
    ...data.groups.map((g, i) => `<a href="#group-${i}">${escapeHtml(g)}</a>`),
    `<a href="#as-of">Дата данных</a>`,
    `<a href="#targets">Цели</a>`,
    `<a href="#norms">Нормы нагрузки</a>`,
    `<a href="#settings-triggers">Пороги триггеров</a>`,
    `<a href="#plan-check">Проверка допущений</a>`,
  ].join(" · ");
  const groups = data.groups.map((group, i) =>
    [`<h2 id="group-${i}">${escapeHtml(group)}</h2>`, ...data.definitions.filter((d) => d.group === group).map(definitionHtml)].join("\n"),
  );
  return [
    `---
title: Методика
toc: false
---

# Методика

Как считается каждый показатель отчёта: определение, формула, цель и источник в документах
отдела. Страница собирается из тех же определений, по которым считает код
(\`loaders/metrics/definitions.ts\`), а цели, нормы нагрузки и пороги — из файла настроек
\`config/settings.json\`, поэтому расходиться с расчётом они не могут.`,
    `<p class="muted">Обозначения в ключах: ${placeholders}</p>`,
    `<nav class="toc-inline">${toc}</nav>`,
    ...groups,
    `<h2 id="as-of">Дата данных, отнесение к месяцам, незавершённый месяц</h2>`,
    AS_OF_METHOD_RU.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n"),
    `<h2 id="targets">Цели</h2>`,
    settingsTableHtml(data.targets),
    `<h2 id="norms">Нормы нагрузки</h2>`,
    `Потребность в часах по ролям считается по этим нормам (раздел \`workload\` настроек). Числа
из документа отдела помечены цитатой; где документ чисел не даёт, указано «assumption» —
это допущение, которое руководитель отдела может поправить.`,
    settingsTableHtml(data.workload),
    settingsTableHtml(data.statusThresholds),
    `<h2 id="settings-triggers">Пороги триггеров масштабирования</h2>`,
    settingsTableHtml(data.triggers),
    `<h2 id="plan-check">Проверка допущений</h2>`,
    `Арифметика нагрузки из документа «Структура отдела сопровождения», пересчитанная из его же
допущений. «Занижено» — в документе меньше, чем получается по его собственным исходным
данным; «завышено» — больше; «сходится» — в пределах ±10 %.`,
    planCheckTableHtml(data.planCheckRows),
    `Исходные данные пересчёта (раздел \`plan_check\` настроек; \`*_claim\` — итог документа):`,
    settingsTableHtml(data.planCheck),
    STYLE,
    "",
  ].join("\n\n");
}
