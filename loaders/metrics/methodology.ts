/**
 * The data of the «Методика» page: each definition with its anchors (the pattern id, every
 * concrete dotted key it covers, and its group), its current target from the settings, plus the
 * settings tables (targets, workload norms, triggers, plan-check assumptions) with sources.
 */
import type { Settings } from "../settings.ts";
import { planCheck, type PlanCheckRow } from "./plan-check.ts";
import { definitionId, METRIC_DEFINITIONS, PLACEHOLDER_NAMES_RU, PLACEHOLDER_VALUES, type MetricDefinition } from "./definitions.ts";

export interface MethodologyEntry extends MetricDefinition {
  id: string;
  /** every anchor that should land on this entry: id, pattern, concrete keys and their _target/_status */
  anchors: string[];
  /** current target(s) from the settings, by concrete key */
  targets: { key: string; value: number }[];
}

export interface SettingRow {
  key: string;
  value: unknown;
  source: string | null;
}

export interface MethodologyData {
  generatedAt: string;
  groups: string[];
  definitions: MethodologyEntry[];
  placeholders: Record<string, string>;
  targets: SettingRow[];
  workload: SettingRow[];
  triggers: SettingRow[];
  statusThresholds: SettingRow[];
  planCheck: SettingRow[];
  /** the recomputed rows («Проверка допущений») */
  planCheckRows: PlanCheckRow[];
}

/** All concrete keys of a pattern ("sla.<priority>.compliance" → four keys). */
export function expandKey(pattern: string): string[] {
  const m = /<(\w+)>/.exec(pattern);
  if (!m) return [pattern];
  return (PLACEHOLDER_VALUES[m[1]!] ?? []).flatMap((v) => expandKey(pattern.replace(m[0], v)));
}

function at(object: unknown, path: string): unknown {
  let current: unknown = object;
  for (const part of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function targetsOf(def: MetricDefinition, settings: Settings): { key: string; value: number }[] {
  if (!def.target_key) return [];
  const keys = def.target_key.includes("<") ? expandKey(def.target_key) : [def.target_key];
  return keys
    .map((k) => ({ key: k, value: k.startsWith("sla.") ? at(settings, k) : at(settings.targets, k) }))
    .filter((t): t is { key: string; value: number } => typeof t.value === "number");
}

/** Leaves of a settings section with their `_source` note (looked up by dotted key). */
function settingRows(section: unknown, sources: Record<string, string> = {}, prefix = ""): SettingRow[] {
  const rows: SettingRow[] = [];
  if (section === null || typeof section !== "object") return rows;
  const own = (section as Record<string, unknown>)._source;
  const ownSources = own && typeof own === "object" ? (own as Record<string, string>) : {};
  for (const [key, value] of Object.entries(section as Record<string, unknown>)) {
    if (key.startsWith("_")) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    const source = sources[path] ?? ownSources[key] ?? null;
    if (value !== null && typeof value === "object" && !Array.isArray(value) && !(isFlatNumbers(value) && source)) {
      const inner = settingRows(value, sources, path);
      if (typeof (value as Record<string, unknown>)._source === "string") {
        const note = (value as Record<string, unknown>)._source as string;
        for (const r of inner) r.source ??= note;
      }
      if (source) for (const r of inner) r.source ??= source;
      rows.push(...inner);
    } else {
      rows.push({ key: path, value, source });
    }
  }
  return rows;
}

function isFlatNumbers(value: object): boolean {
  return Object.entries(value).every(([k, v]) => k.startsWith("_") || typeof v === "number");
}

/**
 * How the as-of moment is chosen (loaders/as-of.ts), which month a ticket counts in, what the deck
 * holds, and how a month not yet complete is reported and compared (loaders/metrics/same-days.ts):
 * paragraphs of the «Методика» page.
 */
export const AS_OF_METHOD_RU: readonly string[] = [
  "Дата данных (момент расчёта). Все показатели сборки и команд считаются на один момент. По умолчанию это дата самих выгрузок: " +
    "последний день (по московскому времени), в который выгрузки фиксируют событие — создание, первый ответ и решение обращения, " +
    "начало договора и уход клиента, этапы проекта, выезд, ответ NPS, выставление и оплата счёта (плановые сроки — срок проекта и срок оплаты — не в счёт); " +
    "момент расчёта — конец этого дня, 23:59:59, но не позже текущего времени. Его задают явно параметр --as-of команд " +
    "или переменная окружения SUPPORT_ANALYTICS_AS_OF (прежнее имя — SUPPORT_ANALYTICS_NOW). Каждая страница пишет «Данные на <день>».",
  "Отнесение обращений к месяцам. Обращение относится к месяцу своего создания (по московскому времени) и оценивается по тому, что известно " +
    "на дату данных, а не на конец месяца: решённое или просроченное в следующем месяце остаётся в своём месяце. Так каждое обращение учтено " +
    "ровно в одном месяце — выполненным или нарушенным, как только исход известен, иначе «в работе» (вне знаменателя). Это одно правило для " +
    "соблюдения SLA и доли в целевой срок, первого ответа на экстренные, времени ответа и решения и «решено без эскалации». Пока у месяца " +
    "есть обращения в работе, его показатели предварительные («предварительно» на карточке, provisional в metrics --json).",
  "Презентация и PDF. «Скачать презентацию» на странице отчёта и команда report --out ФАЙЛ.pptx собирают презентацию 16:9 из тех же " +
    "данных, что показывает страница: титульный слайд (месяц, дата данных, источник), показатели против целей, «Что изменилось и почему», " +
    "по слайду на каждый график отчёта (редактируемые диаграммы PowerPoint с данными внутри) и триггеры; в подвале каждого слайда — " +
    "источник и дата данных. Незавершённый месяц и в презентации помечен «месяц не завершён». PDF (report --out ФАЙЛ.pdf) — печать той же страницы.",
  "Только то, что было известно на дату данных. Показатель на момент X не учитывает ничего, что произошло после X: строки, созданные позже, " +
    "ещё не существуют, а поля, ставшие известными позже, ещё пусты (одно правило для всех таблиц — loaders/metrics/known-at.ts). Обращение, " +
    "созданное после X, не считается; первый ответ или решение после X ещё не наступили — обращение в работе; трудозатраты и оценка CSAT " +
    "обращения, не решённого к X, ещё не известны (у обращения, открытого и в самой выгрузке, — известны начиная с даты данных). Договор, " +
    "начатый после X, — ещё не клиент; уход после X — клиент ещё активен; этапы проекта после X ещё не пройдены; выезды, ответы NPS и счета " +
    "после X не считаются; оплата после X — счёт ещё не оплачен. События с датой без времени считаются по день X включительно. Поэтому и в " +
    "незавершённом месяце активные на конец прошлого месяца + новые − ушедшие = активные на дату расчёта, а отчёт с --as-of X по полной " +
    "выгрузке совпадает с отчётом по выгрузке, какой она была в момент X.",
  "Проверка «дата в будущем» при загрузке выгрузок сравнивает с текущим временем (или с явно заданным моментом, если он позже), а не с датой " +
    "данных. Строки после явно заданного более раннего момента не отклоняются: показатели их просто ещё не видят.",
  "Завершённый месяц — тот, последняя секунда которого (23:59:59 последнего дня) не позже момента расчёта. " +
    "Отчёт открывается на последнем завершённом месяце; незавершённый можно выбрать, тогда заголовок и сравнения говорят «месяц не завершён: данные по <день>».",
  "Сравнения незавершённого месяца — только подобного с подобным. Счётчики (обращения, выезды) сравниваются с теми же днями " +
    "предыдущего месяца и того же месяца год назад: обращения — созданные с начала месяца до того же дня и времени, выезды — за дни 1…N " +
    "(ключи same_days.*). Доли, средние, NPS и удержание за 12 месяцев, активные клиенты и прочие показатели незавершённого месяца не сравниваются: " +
    "часть месяца против целого месяца или окно, сдвинутое на неполный месяц, дают неверное изменение.",
];

export function methodologyData(settings: Settings, generatedAt = new Date()): MethodologyData {
  const definitions = METRIC_DEFINITIONS.map((def) => {
    const id = definitionId(def.key);
    const concrete = expandKey(def.key);
    const anchors = [...new Set([id, def.key, ...concrete, ...concrete.flatMap((k) => [`${k}_target`, `${k}_status`])])];
    return { ...def, id, anchors, targets: targetsOf(def, settings) };
  });
  // a parent path ("triggers", "triggers.second_engineer", "workload.head", …) lands on the first
  // entry under it; "cohorts" on the cohort table
  const taken = new Set(definitions.flatMap((d) => d.anchors));
  for (const d of definitions) {
    for (const key of [d.key, ...expandKey(d.key)]) {
      const parts = key.split(".");
      for (let n = 1; n < parts.length; n++) {
        const parent = parts.slice(0, n).join(".");
        if (!taken.has(parent)) {
          taken.add(parent);
          d.anchors.push(parent);
        }
      }
    }
  }
  const cohort = definitions.find((d) => d.key.startsWith("cohort_retention"));
  if (cohort && !taken.has("cohorts")) cohort.anchors.push("cohorts");
  const workloadSources = ((settings.workload as Record<string, unknown>)._source ?? {}) as Record<string, string>;
  const planSources = ((settings.plan_check as Record<string, unknown> | undefined)?._source ?? {}) as Record<string, string>;
  return {
    generatedAt: generatedAt.toISOString(),
    groups: [...new Set(METRIC_DEFINITIONS.map((d) => d.group))],
    definitions,
    placeholders: PLACEHOLDER_NAMES_RU,
    targets: settingRows(settings.targets),
    workload: settingRows(settings.workload, workloadSources),
    triggers: settingRows(settings.triggers),
    statusThresholds: settingRows(settings.status_thresholds),
    planCheck: settingRows(settings.plan_check, planSources),
    planCheckRows: planCheck(settings),
  };
}
