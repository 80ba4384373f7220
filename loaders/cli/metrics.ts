/**
 * `support-analytics metrics [--data DIR] --month YYYY-MM [--json] [--as-of ISO]`: the month's
 * KPIs (loaders/metrics/month-kpis.ts) as one nested JSON object, or a readable Russian summary.
 * Keys: loaders/metrics/README.md. Tickets count in their created month, judged as of the as-of
 * moment: --as-of, else the data's own as-of (loaders/as-of.ts); unfinished projects and invoices
 * at the month's end, or at the as-of when earlier. Without --month: the last month complete at
 * the as-of. The JSON's `restatements`: with a warehouse, the month's latest publication and the
 * headline figures that moved since (loaders/warehouse/restatements.ts), else null.
 */
import { computeMonthKpis, type KpiTree, type MonthKpis } from "../metrics/month-kpis.ts";
import { assertMonth } from "../../src/core/months.ts";
import { incompleteMonthNoteRu, lastCompleteMonthAt, localMonthOf } from "../../src/core/format.ts";
import type { DuckDBConnection } from "@duckdb/node-api";
import { formatInstantDay } from "../../src/core/format.ts";
import { monthRestatements, restatementLineRu } from "../warehouse/publish.ts";
import { monthRestatementsJson, type RestatementsJson } from "../warehouse/restatements.ts";
import { DEFAULT_READ_WAIT_MS } from "../warehouse/read.ts";
import { resolveRunData } from "../warehouse/run-data.ts";
import { runDataCommand } from "./args.ts";
import { checkFilterFlags, filteredSupport, formatFilteredSupport, splitFilterFlags, type FilterFlags } from "./support-filter.ts";

const HELP = `Использование: support-analytics metrics [--data КАТАЛОГ | --db ФАЙЛ] [--month ГГГГ-ММ] [--json] [--as-of МОМЕНТ]
       support-analytics metrics [--from ГГГГ-ММ] [--to ГГГГ-ММ] [--priority П] [--segment С] [--client ID] [--json] …

KPI отдела за месяц (московское время): SLA по приоритетам, обращения, эскалации,
повторные, CSAT, NPS за 12 месяцев, удержание, проекты внедрения, выезды, оплаты,
нагрузка по ролям и триггеры масштабирования. Ключи JSON — loaders/metrics/README.md.

  --data КАТАЛОГ   каталог с выгрузками (по умолчанию — как у остальных команд)
  --db ФАЙЛ        хранилище DuckDB (support-analytics import; или $SUPPORT_ANALYTICS_DB)
  --month ГГГГ-ММ  месяц (по умолчанию — последний завершённый на момент расчёта)
  --json           вывести один объект JSON
  --as-of МОМЕНТ   момент расчёта, ISO 8601; без смещения — время часового пояса
                   календаря (по умолчанию — дата данных: конец последнего дня
                   с событием в выгрузках, не позже текущего времени;
                   переопределяется SUPPORT_ANALYTICS_AS_OF)

С любым из параметров ниже — показатели страницы «Техподдержка» для этого фильтра
(те же, что показывает страница; по умолчанию — как её фильтр):
  --from ГГГГ-ММ, --to ГГГГ-ММ   период по месяцу создания (по умолчанию — 12 месяцев
                                 по последний завершённый; --month М означает --from М --to М)
  --priority П     emergency, standard, consultation или all
  --segment С      сегмент клиента (residential, business_center, …) или all
  --client ID      код клиента или all
`;

const integer = new Intl.NumberFormat("ru-RU", { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat("ru-RU", { maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat("ru-RU", { style: "percent", maximumFractionDigits: 1 });

type Fmt = "int" | "dec" | "pct" | "min";
function show(value: unknown, fmt: Fmt): string {
  if (value === null || value === undefined) return "нет данных";
  const n = Number(value);
  if (fmt === "int") return integer.format(n);
  if (fmt === "pct") return percent.format(n);
  if (fmt === "min") return `${decimal.format(n)} мин (${decimal.format(n / 60)} ч)`;
  return decimal.format(n);
}

function node(tree: KpiTree, path: string): KpiTree {
  let current: KpiTree = tree;
  for (const part of path.split(".")) current = (current[part] ?? {}) as KpiTree;
  return current;
}

function mark(status: unknown): string {
  return status === "ok" ? " ✓" : status === "miss" ? " ✗" : "";
}

function withTarget(tree: KpiTree, key: string, fmt: Fmt, unit = ""): string {
  const target = tree[`${key}_target`];
  const value = tree[key];
  const base = show(value, fmt) + (value === null || value === undefined ? "" : unit);
  return target === null || target === undefined ? base : `${base} (цель ${show(target, fmt)}${unit})${mark(tree[`${key}_status`])}`;
}

const PRIORITY_RU: Record<string, string> = { emergency: "экстренные", standard: "стандартные", consultation: "консультации", all: "все" };
const ROLE_RU: Record<string, string> = {
  support_manager: "Менеджер ТП",
  success_manager: "МОС",
  implementation_manager: "Менеджер по внедрению",
  senior_engineer: "Старший инженер",
  head: "Руководитель ОС",
};
const TRIGGER_RU: Record<string, string> = {
  second_support_manager: "Второй менеджер ТП (обращений в месяц)",
  second_success_manager: "Второй МОС (активных клиентов)",
  second_engineer: "Второй инженер (проектов в месяц)",
  implementation_assistant: "Ассистент менеджера по внедрению (загрузка)",
};
const STATUS_RU: Record<string, string> = { green: "норма", amber: "высокая", red: "перегрузка" };
const KIND_RU: Record<string, string> = { audit: "аудит", installation: "монтаж", commissioning: "ПНР", maintenance: "ТО", emergency: "аварийные", training: "обучение" };

/** A readable Russian summary of a month's KPIs. */
export function formatMonthSummary(k: MonthKpis, timeZone = "Europe/Moscow"): string {
  const lines: string[] = [];
  const asOf = new Date(k.as_of).toLocaleString("ru-RU", { timeZone, dateStyle: "long", timeStyle: "short" });
  lines.push(`KPI отдела сопровождения за ${k.month_name_ru}${k.partial ? ` (${incompleteMonthNoteRu(k.as_of, timeZone)})` : ""}; расчёт на ${asOf} (${timeZone})`);
  const t = node(k, "tickets");
  const same = node(k, "same_days");
  lines.push("", "Обращения");
  lines.push(`  всего ${show(t.total, "int")}, в рабочий день ${show(t.per_working_day, "dec")}`);
  if (k.partial && same.through_day !== null && same.through_day !== undefined) {
    lines.push(
      `  за те же дни (1–${show(same.through_day, "int")}) предыдущего месяца ${show(same.tickets_total_previous_month, "int")}, ` +
        `год назад ${show(same.tickets_total_year_ago, "int")}; остальное незавершённого месяца не сравнивается`,
    );
  }
  lines.push(`  эскалации ${withTarget(t, "escalation_rate", "pct")}; решено без эскалации ${withTarget(t, "resolved_without_escalation", "pct")}`);
  lines.push(`  повторные ${show(t.repeat_rate, "pct")}; изменение за квартал ${withTarget(t, "repeat_rate_qoq_change", "pct")}`);
  lines.push(
    `  CSAT ${withTarget(node(k, "csat"), "mean", "dec")} по ${show(node(k, "csat").responses, "int")} оценкам; оценок 4–5 ${show(node(k, "csat").share_4_5, "pct")}`,
  );
  lines.push("", "SLA");
  const inProgress = Number(node(k, "sla.all").in_progress ?? 0);
  if (inProgress > 0) lines.push(`  предварительно: ещё не решено обращений месяца — ${show(inProgress, "int")}, значения могут измениться`);
  for (const p of ["emergency", "standard", "consultation", "all"]) {
    const s = node(k, `sla.${p}`);
    lines.push(
      `  ${PRIORITY_RU[p]!.padEnd(12)} соблюдение ${withTarget(s, "compliance", "pct")}, в целевой срок ${show(s.on_target, "pct")}; ` +
        `решение: среднее ${show(s.resolution_mean_business_minutes, "min")}, P90 ${show(s.resolution_p90_business_minutes, "min")}`,
    );
  }
  const e = node(k, "sla.emergency");
  lines.push(`  ответ на экстренные за 15 мин: ${withTarget(e, "response_compliance", "pct")}`);
  const nps = node(k, "nps");
  const ret = node(k, "retention");
  const cl = node(k, "clients");
  lines.push("", "Клиенты");
  lines.push(`  активных ${show(cl.active, "int")}, новых ${show(cl.new, "int")}, ушло ${show(cl.churned, "int")}`);
  lines.push(
    `  NPS ${withTarget(nps, "score", "dec")}, 95 % интервал ${show(nps.interval_low, "dec")}…${show(nps.interval_high, "dec")}, по ${show(nps.responses, "int")} ответам за 12 месяцев`,
  );
  const quarter = node(k, "nps.quarter");
  lines.push(
    `  NPS за ${String(quarter.quarter ?? "квартал")} ${show(quarter.score, "dec")}, 95 % интервал ${show(quarter.interval_low, "dec")}…${show(quarter.interval_high, "dec")}, по ${show(quarter.responses, "int")} ответам`,
  );
  lines.push(`  удержание за 12 месяцев ${withTarget(ret, "logo_12m", "pct")}; GRR ${show(ret.grr_12m, "pct")}`);
  const pr = node(k, "projects");
  lines.push("", "Внедрение");
  lines.push(`  начато ${show(pr.started, "int")}, завершено ${withTarget(pr, "completed", "int")}; в срок ${withTarget(pr, "on_time_rate", "pct")}`);
  lines.push(`  TTV медиана ${withTarget(pr, "ttv_median_days", "dec", " дн.")}; передача за 7 дней ${withTarget(pr, "handover_within_7d_rate", "pct")}`);
  const v = node(k, "visits");
  const kinds = node(k, "visits.by_kind");
  lines.push("", `Выезды: ${show(v.total, "int")}` + (v.total === null ? "" : ` (${Object.entries(kinds).map(([kk, n]) => `${KIND_RU[kk] ?? kk} ${show(n, "int")}`).join(", ")})`));
  lines.push(`Оплата в срок: ${withTarget(node(k, "payments"), "on_time_rate", "pct")}`);
  lines.push("", "Нагрузка (часов в месяц: потребность / располагаемые)");
  for (const [role, name] of Object.entries(ROLE_RU)) {
    const w = node(k, `workload.${role}`);
    lines.push(
      `  ${name.padEnd(22)} ${show(w.demand_hours, "dec")} / ${show(w.capacity_hours, "dec")} = ${show(w.utilization, "pct")}` +
        (w.status ? ` — ${STATUS_RU[String(w.status)]}` : ""),
    );
  }
  lines.push("", "Триггеры масштабирования");
  for (const [name, label] of Object.entries(TRIGGER_RU)) {
    const tr = node(k, `triggers.${name}`);
    const state = tr.fired === null ? "нет данных" : tr.fired ? "СРАБОТАЛ" : tr.near ? "близко к срабатыванию" : "нет";
    const fmt: Fmt = name === "implementation_assistant" ? "pct" : "int";
    lines.push(`  ${label}: ${show(tr.value, fmt)} при пороге ${show(tr.threshold, fmt)} — ${state}`);
  }
  return lines.join("\n");
}

/** With a warehouse: the month's restatements since its latest publication (loaders/warehouse/publish.ts). */
async function restatementText(data: string | undefined, db: string | undefined, connection: DuckDBConnection, kpis: MonthKpis): Promise<string> {
  const resolved = resolveRunData(data, db);
  if (resolved.kind !== "warehouse") return "";
  const found = await monthRestatements(resolved.path, connection, kpis, DEFAULT_READ_WAIT_MS);
  if (!found) return "";
  const head = `\nОпубликовано (№ ${found.publication.publicationId}, данные на ${formatInstantDay(found.publication.asOf)}):`;
  if (found.restatements.length === 0) return `${head} с тех пор показатели не изменились\n`;
  return [head, ...found.restatements.map((r) => `  ${restatementLineRu(r)}`)].join("\n") + "\n";
}

/** `restatements` of the JSON output: null without a warehouse or without a publication of the month. */
async function restatementJson(data: string | undefined, db: string | undefined, connection: DuckDBConnection, kpis: MonthKpis): Promise<RestatementsJson | null> {
  const resolved = resolveRunData(data, db);
  if (resolved.kind !== "warehouse") return null;
  return monthRestatementsJson(resolved.path, connection, kpis, DEFAULT_READ_WAIT_MS);
}

/** `metrics` with a filter's flags: the figures of «Техподдержка» for that filter. */
function runFiltered(args: string[], flags: FilterFlags): Promise<number> {
  return runDataCommand(args, {
    help: HELP,
    withMonth: true,
    check: (parsed) => checkFilterFlags(flags, parsed.month),
    body: async ({ args: parsed, openPipeline }) => {
      const figures = await filteredSupport(await openPipeline(), flags, parsed.month);
      process.stdout.write((parsed.json ? JSON.stringify(figures) : formatFilteredSupport(figures)) + "\n");
    },
  });
}

export async function run(args: string[]): Promise<number> {
  let split: ReturnType<typeof splitFilterFlags>;
  try {
    split = splitFilterFlags(args);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${HELP}`);
    return 1;
  }
  if (split.flags) return runFiltered(split.rest, split.flags);
  return runDataCommand(args, {
    help: HELP,
    withMonth: true,
    check: (parsed) => {
      if (parsed.month) assertMonth(parsed.month);
    },
    body: async ({ args: parsed, settings, openPipeline }) => {
      const pipeline = await openPipeline();
      const asOf = pipeline.now;
      const month = parsed.month ?? lastCompleteMonthAt(asOf, settings.calendar.timezone);
      if (month > localMonthOf(asOf, settings.calendar.timezone)) {
        throw new Error(`Месяц ${month} ещё не начался на момент расчёта (${asOf.toISOString()})`);
      }
      const kpis = await computeMonthKpis(pipeline.connection, settings, month, { now: asOf, latestEventDay: pipeline.latestEventDay });
      if (parsed.json) {
        const restatements = await restatementJson(parsed.data, parsed.db, pipeline.connection, kpis);
        process.stdout.write(JSON.stringify({ ...kpis, restatements }) + "\n");
      }
      else process.stdout.write(formatMonthSummary(kpis, settings.calendar.timezone) + "\n" + (await restatementText(parsed.data, parsed.db, pipeline.connection, kpis)));
    },
  });
}
