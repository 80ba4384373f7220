/**
 * `support-analytics simulate`: the Monte Carlo staffing model on a scenario file, or the
 * queue-only check against Erlang C.
 *
 *   simulate --scenario FILE.json [--runs N] [--seed S] [--threads N] [--json] [--data DIR | --db FILE] [--base data|settings] [--as-of ISO] [--timeline FILE]
 *   simulate --backtest [--horizon N] [--runs N] [--seed S] [--threads N] [--data DIR | --db FILE] [--as-of ISO] [--json]
 *   simulate --erlang --arrivals-per-hour X --aht-minutes Y --agents C --answer-within-minutes T
 *            --hours H [--runs N] [--seed S] [--json]
 *
 * The JSON of a scenario run is the same byte for byte for any --threads with the same seed
 * (the wall time goes to stderr, not into the JSON).
 */
import { readFileSync } from "node:fs";
import { loadSettings } from "../settings.ts";
import { defaultScenario } from "../simulator/defaults.ts";
import { simulatorCalendar } from "../simulator/calendar.ts";
import { SimulationPool, type PooledSimulation } from "../simulator/parallel.ts";
import { defaultThreads, MAX_THREADS, threadCount } from "../simulator/thread-contract.ts";
import { CommandClock } from "../simulator/command-timeline.ts";
import { keepWarmUp } from "../simulator/thread-prestart.ts";
import type { QueueOnlyInput } from "../../src/core/simulator/queue-only.ts";
import { mergeScenario } from "../../src/core/simulator/scenario.ts";
import { scenarioBoundsProblem } from "../../src/core/simulator/scenario-bounds.ts";
import { summarize } from "../../src/core/simulator/summary.ts";
import { addMonths, monthLabelRu } from "../../src/core/months.ts";
import { localMonthOf } from "../../src/core/format.ts";
import { asOfOverride } from "../as-of.ts";
import type { Scenario, SimulationSummary } from "../../src/core/simulator/types.ts";

const FLAGS = new Set(["--json", "--erlang", "--backtest", "--help"]);

export function parseArgs(args: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith("--")) throw new Error(`Лишний аргумент «${a}»`);
    if (FLAGS.has(a)) out.set(a, "true");
    else {
      const v = args[i + 1];
      if (v === undefined || v.startsWith("--")) throw new Error(`Параметру ${a} нужно значение`);
      out.set(a, v);
      i++;
    }
  }
  return out;
}

export function numberArg(opts: Map<string, string>, name: string, fallback?: number): number {
  const raw = opts.get(name);
  if (raw === undefined) {
    if (fallback === undefined) throw new Error(`Не задан параметр ${name}`);
    return fallback;
  }
  const v = Number(raw.replace(",", "."));
  if (!Number.isFinite(v)) throw new Error(`Параметр ${name}: «${raw}» — не число`);
  return v;
}

const HELP = `Использование:
  support-analytics simulate --scenario ФАЙЛ.json [--runs N] [--seed S] [--threads N] [--json] [--data КАТАЛОГ | --db ФАЙЛ] [--base data|settings] [--as-of МОМЕНТ] [--timeline ФАЙЛ]
  support-analytics simulate --backtest [--horizon N] [--runs N] [--seed S] [--threads N] [--json] [--data КАТАЛОГ | --db ФАЙЛ] [--as-of МОМЕНТ]
  support-analytics simulate --erlang --arrivals-per-hour X --aht-minutes Y --agents C --answer-within-minutes T --hours H [--runs N] [--seed S] [--json]
  --as-of МОМЕНТ  момент калибровки, ISO 8601 (без смещения — время часового пояса; прежнее имя --now);
               без него — SUPPORT_ANALYTICS_AS_OF, иначе дата самих данных, как у остальных команд
  --threads N  потоков расчёта (по умолчанию — число ядер: ${defaultThreads()}); результат от него не зависит
  --timeline ФАЙЛ  записать в ФАЙЛ (JSON) хронологию команды и расчёта по потокам (для bench/simulator.ts)
  --backtest   проверка прогноза: калибровка только на данных до каждого месяца-начала, прогноз
               на --horizon месяцев (по умолчанию 6) и сравнение полосы P10–P90 с фактом KPI
Формат сценария: scenarios/README.md`;

/** --threads (thread-contract.ts `threadCount`), or a Russian error naming the value. */
function threadsArg(opts: Map<string, string>): number {
  const threads = threadCount(opts.get("--threads"));
  if (threads === null) throw new Error(`Параметр --threads: ожидается целое от 1 до ${MAX_THREADS}, получено «${opts.get("--threads")}»`);
  return threads;
}

/**
 * The moment `simulate` calibrates at, as every data command judges: --as-of (or its older name
 * --now), else $SUPPORT_ANALYTICS_AS_OF / $SUPPORT_ANALYTICS_NOW (loaders/as-of.ts); null when
 * none is given, and the data's own as-of decides.
 */
export function simulateAsOf(opts: Map<string, string>, timeZone: string): Date | null {
  if (opts.has("--as-of") && opts.has("--now")) throw new Error("Задайте момент расчёта одним параметром: --as-of или --now");
  const flag = opts.has("--as-of") ? "--as-of" : "--now";
  return asOfOverride(opts.get(flag), timeZone, process.env, flag);
}

async function baseScenario(opts: Map<string, string>, startMonth: string | undefined): Promise<Scenario> {
  const settings = loadSettings();
  const tz = settings.calendar.timezone;
  const base = opts.get("--base") ?? "data";
  const override = simulateAsOf(opts, tz);
  if (base === "settings") return defaultScenario(settings, startMonth ?? addMonths(localMonthOf(override ?? new Date(), tz), 1));
  if (base !== "data") throw new Error(`--base: ожидается data или settings, получено «${base}»`);
  const { openRunPipeline, resolveRunData } = await import("../warehouse/run-data.ts");
  const { calibrate } = await import("../simulator/calibrate.ts");
  const resolved = resolveRunData(opts.get("--data"), opts.get("--db"));
  const pipeline = await openRunPipeline(opts.get("--data"), opts.get("--db"), { now: override, settings });
  try {
    const calibration = await calibrate(pipeline.connection, {
      now: pipeline.now,
      latestEventDay: pipeline.latestEventDay,
      settings,
      dataDir: resolved.kind === "folder" ? resolved.dir : resolved.path,
      dataSource: resolved.kind === "folder" ? resolved.source : resolved.source === "env" ? "env" : "argument",
    });
    return calibration.baseScenario;
  } finally {
    pipeline.connection.closeSync?.();
  }
}

function pct(v: number): string {
  return Number.isFinite(v) ? `${(v * 100).toFixed(1).replace(".", ",")} %` : "—";
}

function printSummary(summary: SimulationSummary): void {
  const lines: string[] = [];
  lines.push(`Сценарий «${summary.scenario.name}»: ${summary.runs} прогонов, seed ${summary.seed}, ${summary.elapsedMs} мс`);
  lines.push("месяц            обращения P10–P50–P90   SLA станд. P50   загрузка ТП P50   P(SLA не выполнен)");
  for (const m of summary.months) {
    const t = m.metrics.tickets;
    lines.push(
      `${monthLabelRu(m.month).padEnd(16)} ${`${Math.round(t.p10)}–${Math.round(t.p50)}–${Math.round(t.p90)}`.padEnd(24)} ${pct(m.metrics.sla_standard.p50).padEnd(16)} ${pct(m.metrics.util_support_manager.p50).padEnd(17)} ${pct(m.slaMissProbability)}`,
    );
  }
  const a = summary.advice;
  lines.push(
    a.slaBreachMonth
      ? `Первый месяц с P(SLA не выполнен) > ${pct(summary.scenario.hiring.slaMissProbabilityThreshold)}: ${monthLabelRu(a.slaBreachMonth)}; открыть вакансию до: ${monthLabelRu(a.openVacancyBy!)}${a.alreadyLate ? " (уже поздно)" : ""}`
      : "SLA выдерживается на всём горизонте с заданной вероятностью.",
  );
  process.stdout.write(lines.join("\n") + "\n");
}

/** CLI flag of each queue-only input, for messages. */
const ERLANG_FLAGS = {
  arrivalsPerHour: "--arrivals-per-hour",
  ahtMinutes: "--aht-minutes",
  agents: "--agents",
  answerWithinMinutes: "--answer-within-minutes",
  hours: "--hours",
  runs: "--runs",
} as const;

/** Russian note for a queue with λ·AHT/c ≥ 1: no steady state, Erlang C does not apply. */
export function unstableQueueMessage(utilization: number, hours: number): string {
  return `Очередь неустойчива: загрузка λ·AHT/c = ${pct(utilization)} ≥ 100 % — обращений приходит больше, чем сотрудники успевают обработать; очередь растёт без предела, установившегося режима нет, и формула Erlang C к ней не применима. Модель показывает только окно в ${hours} ч: её ожидание растёт с длиной окна.`;
}

function queueOnlyInput(opts: Map<string, string>, queueOnlyLimitProblem: typeof import("../../src/core/simulator/queue-only.ts").queueOnlyLimitProblem): QueueOnlyInput {
  const input: QueueOnlyInput = {
    arrivalsPerHour: numberArg(opts, "--arrivals-per-hour"),
    ahtMinutes: numberArg(opts, "--aht-minutes"),
    agents: numberArg(opts, "--agents"),
    answerWithinMinutes: numberArg(opts, "--answer-within-minutes"),
    hours: numberArg(opts, "--hours"),
    runs: numberArg(opts, "--runs", 20),
    seed: numberArg(opts, "--seed", 1),
  };
  const problem = queueOnlyLimitProblem(input, ERLANG_FLAGS);
  if (problem) throw new RangeError(`${problem}. Границы: scenarios/README.md, «Проверка очереди по Erlang C»`);
  return input;
}

/** The queue-only check (its module, with its statistics library, loads only for --erlang). */
async function runErlang(opts: Map<string, string>, json: boolean): Promise<number> {
  const { queueOnlyLimitProblem, simulateQueueOnly } = await import("../../src/core/simulator/queue-only.ts");
  const input = queueOnlyInput(opts, queueOnlyLimitProblem);
  const result = simulateQueueOnly(input);
  const stable = result.erlangC.stable;
  const message = stable ? null : unstableQueueMessage(result.erlangC.utilization, input.hours);
  const out = {
    stable,
    ...(message ? { message } : {}),
    p_wait: result.pWait,
    service_level: result.serviceLevel,
    utilization: result.utilization,
    mean_wait_minutes: result.meanWaitMinutes,
    erlang_c: stable ? { p_wait: result.erlangC.pWait, service_level: result.erlangC.serviceLevel, mean_wait_minutes: result.erlangC.meanWaitMinutes } : null,
    erlang_utilization: result.erlangC.utilization,
    standard_error: {
      p_wait: result.standardError.pWait,
      service_level: result.standardError.serviceLevel,
      utilization: result.standardError.utilization,
      mean_wait_minutes: result.standardError.meanWaitMinutes,
    },
    tickets: result.tickets,
  };
  if (json) {
    process.stdout.write(JSON.stringify(out) + "\n");
    return 0;
  }
  const erlang = (text: string) => (stable ? `, Erlang C ${text}` : ", Erlang C неприменим");
  const minutes = (v: number) => v.toFixed(2).replace(".", ",");
  const lines = [
    ...(message ? [message] : []),
    `Очередь M/M/${input.agents}: ${result.tickets} обращений в окне наблюдения`,
    `P(ожидание > 0): модель ${pct(out.p_wait)} ± ${pct(out.standard_error.p_wait)}${erlang(pct(result.erlangC.pWait))}`,
    `Доля ответов в срок: модель ${pct(out.service_level)} ± ${pct(out.standard_error.service_level)}${erlang(pct(result.erlangC.serviceLevel))}`,
    `Загрузка: модель ${pct(out.utilization)}, λ·AHT/c ${pct(out.erlang_utilization)}`,
    `Среднее ожидание, мин: модель ${minutes(out.mean_wait_minutes)}${erlang(minutes(result.erlangC.meanWaitMinutes))}`,
  ];
  process.stdout.write(lines.join("\n") + "\n");
  return 0;
}

/** The scenario file as a JSON object (a patch over the base scenario). */
function readScenarioPatch(file: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`${file}: не удалось прочитать сценарий (${(error as Error).message})`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${file}: сценарий должен быть JSON-объектом с полями сценария ({"tickets": {"perClientMonth": 1.2}, …}), а в файле — ${parsed === null ? "null" : Array.isArray(parsed) ? "массив" : typeof parsed}; формат — scenarios/README.md`);
  }
  const patch = parsed as Record<string, unknown>;
  delete patch.$comment;
  return patch;
}

/** runs and months of the warm-up simulation the other threads compute while the base scenario loads */
const WARM_UP_RUNS = 40;
const WARM_UP_MONTHS = 3;

/**
 * The other threads compile the engine on a short simulation of the settings' scenario while this
 * thread loads the data (SimulationPool.warmUp), unless they already run the scenario the previous
 * command kept (keepWarmUp); a month outside the production calendar only skips it.
 */
function warmUpThreads(pool: SimulationPool, startMonth: string | undefined): void {
  if (pool.threads <= 1) return;
  try {
    const settings = loadSettings();
    const month = startMonth ?? addMonths(new Date().toISOString().slice(0, 7), 1);
    const scenario = { ...defaultScenario(settings, month), horizonMonths: WARM_UP_MONTHS };
    const { calendar } = simulatorCalendar(month, WARM_UP_MONTHS + 1, settings.calendar, undefined, settings.workload.hours_per_week ?? 40);
    pool.warmUp(scenario, calendar, WARM_UP_RUNS);
  } catch {
    // no warm-up: the threads compile on the real simulation's first chunks
  }
}

/** A scenario file on the calibrated (or settings) base, over --threads threads. */
async function runScenario(opts: Map<string, string>, json: boolean): Promise<void> {
  const clock = new CommandClock();
  clock.mark("command");
  const file = opts.get("--scenario");
  if (!file) throw new Error("Не задан --scenario ФАЙЛ.json (или --erlang)");
  const patch = readScenarioPatch(file);
  const runs = numberArg(opts, "--runs", 1000);
  const threads = threadsArg(opts);
  const timelineFile = opts.get("--timeline");
  // the threads start while the base scenario loads
  const pool = new SimulationPool(threads);
  pool.start().catch(() => undefined); // a failure to start surfaces in pool.simulate
  warmUpThreads(pool, typeof patch.startMonth === "string" ? patch.startMonth : undefined);
  clock.mark("threadsStarted");
  let raw: PooledSimulation;
  try {
    const base = await baseScenario(opts, typeof patch.startMonth === "string" ? patch.startMonth : undefined);
    const scenario = mergeScenario(base, patch, file);
    const problem = scenarioBoundsProblem(scenario, Number.isInteger(runs) && runs > 0 ? runs : 1);
    if (problem) throw new Error(`${file}: ${problem}; границы — scenarios/README.md, «Границы чисел сценария»`);
    const settings = loadSettings();
    const { calendar } = simulatorCalendar(scenario.startMonth, scenario.horizonMonths + 1, settings.calendar, undefined, settings.workload.hours_per_week ?? 40);
    clock.mark("baseReady");
    raw = await pool.simulate(scenario, calendar, { runs, seed: numberArg(opts, "--seed", 1), timeline: timelineFile !== undefined });
    clock.mark("simulated");
    keepWarmUp(scenario, calendar, raw.values.length / raw.runs);
  } finally {
    await pool.close();
  }
  const summary = summarize(raw);
  clock.mark("summarized");
  if (json) {
    // the wall time differs from run to run: without it the JSON depends only on the inputs and the seed
    const { elapsedMs, ...stable } = summary;
    process.stdout.write(JSON.stringify(stable) + "\n");
    process.stderr.write(`Расчёт: ${elapsedMs} мс, потоков: ${threads}\n`);
  } else printSummary(summary);
  clock.mark("written");
  if (timelineFile) {
    if (raw.timeline) clock.timeline.simulation = raw.timeline;
    clock.save(timelineFile);
  }
}

export async function run(args: string[]): Promise<number> {
  let opts: Map<string, string>;
  try {
    opts = parseArgs(args);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${HELP}\n`);
    return 1;
  }
  if (opts.has("--help")) {
    process.stdout.write(HELP + "\n");
    return 0;
  }
  const json = opts.has("--json");
  try {
    if (opts.has("--erlang")) return await runErlang(opts, json);
    if (opts.has("--backtest")) {
      const { runBacktestCommand } = await import("./backtest.ts");
      return await runBacktestCommand(opts, { json, threads: threadsArg(opts), runs: numberArg(opts, "--runs", 1000), seed: numberArg(opts, "--seed", 1) });
    }
    await runScenario(opts, json);
    return 0;
  } catch (error) {
    process.stderr.write(`Ошибка: ${(error as Error).message}\n`);
    return 1;
  }
}
