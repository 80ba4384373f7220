/**
 * `support-analytics simulate`: the Monte Carlo staffing model on a scenario file, or the
 * queue-only check against Erlang C.
 *
 *   simulate --scenario FILE.json [--runs N] [--seed S] [--json] [--data DIR | --db FILE] [--base data|settings] [--now ISO]
 *   simulate --erlang --arrivals-per-hour X --aht-minutes Y --agents C --answer-within-minutes T
 *            --hours H [--runs N] [--seed S] [--json]
 */
import { readFileSync } from "node:fs";
import { loadSettings } from "../settings.ts";
import { defaultScenario } from "../simulator/defaults.ts";
import { simulatorCalendar } from "../simulator/calendar.ts";
import { simulate } from "../../src/components/simulator/engine.ts";
import { simulateQueueOnly } from "../../src/components/simulator/queue-only.ts";
import { mergeScenario } from "../../src/components/simulator/scenario.ts";
import { summarize } from "../../src/components/simulator/summary.ts";
import { addMonths, monthLabelRu } from "../../src/components/months.ts";
import type { Scenario, SimulationSummary } from "../../src/components/simulator/types.ts";

const FLAGS = new Set(["--json", "--erlang", "--help"]);

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

function numberArg(opts: Map<string, string>, name: string, fallback?: number): number {
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
  support-analytics simulate --scenario ФАЙЛ.json [--runs N] [--seed S] [--json] [--data КАТАЛОГ | --db ФАЙЛ] [--base data|settings] [--now ISO-дата]
  support-analytics simulate --erlang --arrivals-per-hour X --aht-minutes Y --agents C --answer-within-minutes T --hours H [--runs N] [--seed S] [--json]
Формат сценария: scenarios/README.md`;

async function baseScenario(opts: Map<string, string>, startMonth: string | undefined): Promise<Scenario> {
  const settings = loadSettings();
  const base = opts.get("--base") ?? "data";
  if (base === "settings") {
    const now = opts.has("--now") ? new Date(opts.get("--now")!) : new Date();
    return defaultScenario(settings, startMonth ?? addMonths(now.toISOString().slice(0, 7), 1));
  }
  if (base !== "data") throw new Error(`--base: ожидается data или settings, получено «${base}»`);
  const { openRunPipeline, resolveRunData } = await import("../warehouse/run-data.ts");
  const { calibrate } = await import("../simulator/calibrate.ts");
  const resolved = resolveRunData(opts.get("--data"), opts.get("--db"));
  const now = opts.has("--now") ? new Date(opts.get("--now")!) : new Date();
  const pipeline = await openRunPipeline(opts.get("--data"), opts.get("--db"), { now, settings });
  try {
    const calibration = await calibrate(pipeline.connection, {
      now,
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
    if (opts.has("--erlang")) {
      const result = simulateQueueOnly({
        arrivalsPerHour: numberArg(opts, "--arrivals-per-hour"),
        ahtMinutes: numberArg(opts, "--aht-minutes"),
        agents: numberArg(opts, "--agents"),
        answerWithinMinutes: numberArg(opts, "--answer-within-minutes"),
        hours: numberArg(opts, "--hours"),
        runs: numberArg(opts, "--runs", 20),
        seed: numberArg(opts, "--seed", 1),
      });
      const out = {
        p_wait: result.pWait,
        service_level: result.serviceLevel,
        utilization: result.utilization,
        mean_wait_minutes: result.meanWaitMinutes,
        erlang_c: { p_wait: result.erlangC.pWait, service_level: result.erlangC.serviceLevel, mean_wait_minutes: result.erlangC.meanWaitMinutes },
        erlang_utilization: result.erlangC.utilization,
        standard_error: {
          p_wait: result.standardError.pWait,
          service_level: result.standardError.serviceLevel,
          utilization: result.standardError.utilization,
          mean_wait_minutes: result.standardError.meanWaitMinutes,
        },
        tickets: result.tickets,
      };
      if (json) process.stdout.write(JSON.stringify(out) + "\n");
      else {
        process.stdout.write(
          [
            `Очередь M/M/${numberArg(opts, "--agents")}: ${result.tickets} обращений в окне наблюдения`,
            `P(ожидание > 0): модель ${pct(out.p_wait)} ± ${pct(out.standard_error.p_wait)}, Erlang C ${pct(out.erlang_c.p_wait)}`,
            `Доля ответов в срок: модель ${pct(out.service_level)} ± ${pct(out.standard_error.service_level)}, Erlang C ${pct(out.erlang_c.service_level)}`,
            `Загрузка: модель ${pct(out.utilization)}, λ·AHT/c ${pct(out.erlang_utilization)}`,
            `Среднее ожидание, мин: модель ${out.mean_wait_minutes.toFixed(2)}, Erlang C ${out.erlang_c.mean_wait_minutes.toFixed(2)}`,
          ].join("\n") + "\n",
        );
      }
      return 0;
    }
    const file = opts.get("--scenario");
    if (!file) throw new Error("Не задан --scenario ФАЙЛ.json (или --erlang)");
    let patch: Record<string, unknown>;
    try {
      patch = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    } catch (error) {
      throw new Error(`${file}: не удалось прочитать сценарий (${(error as Error).message})`);
    }
    delete patch.$comment;
    const base = await baseScenario(opts, typeof patch.startMonth === "string" ? patch.startMonth : undefined);
    const scenario = mergeScenario(base, patch, file);
    const settings = loadSettings();
    const { calendar } = simulatorCalendar(scenario.startMonth, scenario.horizonMonths + 1, settings.calendar, undefined, settings.workload.hours_per_week ?? 40);
    const raw = simulate(scenario, calendar, { runs: numberArg(opts, "--runs", 1000), seed: numberArg(opts, "--seed", 1) });
    const summary = summarize(raw);
    if (json) process.stdout.write(JSON.stringify(summary) + "\n");
    else printSummary(summary);
    return 0;
  } catch (error) {
    process.stderr.write(`Ошибка: ${(error as Error).message}\n`);
    return 1;
  }
}
