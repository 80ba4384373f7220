import { describe, expect, it } from "vitest";
import { loadSettings } from "../loaders/settings.ts";
import { defaultScenario } from "../loaders/simulator/defaults.ts";
import { hiringCaseParts, proposedHires, simulateHiringCase } from "../src/components/simulator/hiring-case.ts";
import { DEFAULT_RUNS, DEFAULT_SEED, requestFromHash, type RunStatus } from "../src/components/simulator/session.ts";
import { statusProgress, statusText } from "../src/components/simulator/status.ts";
import { simulate } from "../src/core/simulator/engine.ts";
import { diffScenario, encodeUrlState, mergeScenario } from "../src/core/simulator/scenario.ts";
import { summarize } from "../src/core/simulator/summary.ts";
import type { Scenario, SimulationSummary } from "../src/core/simulator/types.ts";
import { calendar24x7 } from "../src/core/simulator/working-calendar.ts";

const settings = loadSettings();
const base = defaultScenario(settings, "2027-01");

describe("requestFromHash", () => {
  it("gives the calibrated scenario, 1 000 runs and seed 1 without a #sim hash", () => {
    expect(requestFromHash(base, "")).toEqual({ scenario: base, runs: DEFAULT_RUNS, seed: DEFAULT_SEED, warning: null });
    expect(requestFromHash(base, "#other=1").scenario).toBe(base);
  });

  it("reads back the scenario, runs and seed the page wrote", () => {
    const changed = mergeScenario(base, { name: "Два менеджера ТП", staff: { support_manager: 2 } });
    const hash = encodeUrlState({ diff: diffScenario(base, changed), runs: 200, seed: 7 });
    expect(requestFromHash(base, hash)).toEqual({ scenario: changed, runs: 200, seed: 7, warning: null });
  });

  it("falls back to the calibrated scenario with a Russian warning when the hash cannot be read", () => {
    const read = requestFromHash(base, "#sim=%7Bnot-json");
    expect(read.scenario).toBe(base);
    expect(read.warning).toMatch(/повреждён.*Показан сценарий по данным\.$/);
  });
});

describe("statusText and statusProgress", () => {
  const summary = { runs: 200, simulatedTickets: 123_456, elapsedMs: 2_345 } as SimulationSummary;
  const cases: [RunStatus, string, string, number][] = [
    [{ phase: "idle" }, "Готово к расчёту", "Готово к расчёту", 0],
    [{ phase: "running", done: 0, total: 1000, part: 0, parts: 2, label: "Без найма" }, "Расчёт…", "Расчёт…", 0],
    [{ phase: "running", done: 250, total: 1000, part: 0, parts: 1, label: null }, "Прогонов: 250 из 1\u00a0000", "Прогонов: 250 из 1\u00a0000", 0.25],
    [{ phase: "running", done: 500, total: 1000, part: 1, parts: 2, label: "С наймом" }, "С наймом: 500 из 1\u00a0000 прогонов", "С наймом: 500 из 1\u00a0000 прогонов", 0.75],
    [{ phase: "done", summaries: [summary], threads: 2 }, "Готово: 200 прогонов, 123\u00a0456 обращений за 2,3 с, потоков: 2", "Готово", 1],
    [{ phase: "cancelled" }, "Расчёт отменён", "Расчёт отменён", 0],
    [{ phase: "failed", message: "поле «x»: не число" }, "Ошибка", "Ошибка: поле «x»: не число", 0],
  ];
  it.each(cases)("%o", (status, detailed, brief, progress) => {
    expect(statusText(status, true).replace(/\s/g, " ")).toBe(detailed.replace(/\s/g, " "));
    expect(statusText(status, false).replace(/\s/g, " ")).toBe(brief.replace(/\s/g, " "));
    expect(statusProgress(status)).toBeCloseTo(progress, 10);
  });
});

describe("simulateHiringCase", () => {
  const calendar = calendar24x7("2027-01", 6);
  const busy = mergeScenario(base, {
    horizonMonths: 6,
    clients: { initial: 300, growth: { mode: "projects" }, churnRatePerMonth: 0 },
    tickets: { perClientMonth: 1.6 },
  });
  const run = async (scenario: Scenario): Promise<SimulationSummary> => summarize(simulate(scenario, calendar, { runs: 40, seed: 3 }));

  it("runs the scenario, then the same with the hires the first run proposes, then with everyone at work", async () => {
    const labels: string[] = [];
    const sims = await simulateHiringCase(busy, (scenario, label) => {
      labels.push(label);
      return run(scenario);
    });
    expect(labels).toEqual(busy.absences.enabled ? ["Без найма", "С наймом", "Все на месте"] : ["Без найма", "С наймом"]);
    expect(hiringCaseParts(busy)).toBe(labels.length);
    expect(sims.hires).toEqual(proposedHires(sims.before));
    expect(sims.hires.length).toBeGreaterThan(0);
    expect(sims.after.scenario.hires).toEqual([...busy.hires, ...sims.hires.map(({ role, month }) => ({ role, month }))]);
    expect(sims.after.scenario.name).toBe(`${busy.name} + найм`);
    expect(sims.present === null).toBe(!busy.absences.enabled);
    if (sims.present) expect(sims.present.scenario.absences.enabled).toBe(false);
  });
});
