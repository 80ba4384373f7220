/**
 * The scenario form of the «Симулятор» page (browser only): plain inputs grouped by topic, with
 * Russian labels; `read()` turns them into a Scenario over the calibrated base, `write()` fills
 * them from one. Percentages are entered as percent, efforts as mean minutes.
 */
import { addMonths } from "../../core/months.js";
import { meanEffortMinutes, mergeScenario, withMeanEffort } from "../../core/simulator/scenario.js";
import { scenarioBoundsProblem } from "../../core/simulator/scenario-bounds.js";
import { ROLE_LABELS_RU, PRIORITY_LABELS_RU } from "../../core/labels.js";
import { PRIORITY_NAMES, SIM_ROLES, type Hire, type Scenario, type SimRole } from "../../core/simulator/types.js";

export interface ScenarioForm {
  element: HTMLFormElement;
  read(): { scenario: Scenario; runs: number; seed: number };
  write(scenario: Scenario, runs: number, seed: number): void;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, string> = {}, children: (Node | string)[] = []): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

function numberInput(name: string, step: string, min = "0", max?: string): HTMLInputElement {
  const input = el("input", { type: "number", name, step, min, ...(max ? { max } : {}) });
  input.required = true;
  return input;
}

function monthInput(name: string, required = false): HTMLInputElement {
  const input = el("input", { type: "month", name, pattern: "\\d{4}-\\d{2}", placeholder: "ГГГГ-ММ" });
  input.required = required;
  return input;
}

function row(label: string, input: HTMLElement, hint?: string): HTMLLabelElement {
  return el("label", { class: "sim-field" }, [el("span", {}, [label]), input, ...(hint ? [el("small", {}, [hint])] : [])]);
}

function round(value: number, digits: number): string {
  const f = 10 ** digits;
  return String(Math.round(value * f) / f);
}

function scenarioFields() {
  return {
    growthMode: el("select", { name: "growthMode" }, [
      el("option", { value: "projects" }, ["по проектам внедрения (новый клиент = проект)"]),
      el("option", { value: "target" }, ["цель: N клиентов к месяцу"]),
    ]),
    initial: numberInput("initial", "1"),
    target: numberInput("target", "1"),
    byMonth: monthInput("byMonth"),
    churn: numberInput("churn", "0.01", "0", "100"),
    perClient: numberInput("perClient", "0.01"),
    mix: Object.fromEntries(PRIORITY_NAMES.map((p) => [p, numberInput(`mix_${p}`, "0.1", "0", "100")])) as Record<string, HTMLInputElement>,
    effort: Object.fromEntries(PRIORITY_NAMES.map((p) => [p, numberInput(`effort_${p}`, "1", "1")])) as Record<string, HTMLInputElement>,
    staff: Object.fromEntries(SIM_ROLES.map((r) => [r, numberInput(`staff_${r}`, "1", r === "support_manager" ? "1" : "1")])) as Record<SimRole, HTMLInputElement>,
    hire: Object.fromEntries(SIM_ROLES.map((r) => [r, monthInput(`hire_${r}`)])) as Record<SimRole, HTMLInputElement>,
    projects: numberInput("projects", "0.1"),
    maintenance: numberInput("maintenance", "0.01"),
    horizon: numberInput("horizon", "1", "1", "36"),
    runs: numberInput("runs", "100", "100", "20000"),
    seed: numberInput("seed", "1", "-2147483648"),
    name: el("input", { type: "text", name: "scenarioName", maxlength: "60" }),
    absences: el("input", { type: "checkbox", name: "absences" }),
    cover: numberInput("headCoverShare", "5", "0", "100"),
    backup: el("input", { type: "checkbox", name: "engineerBackup" }),
    sick: numberInput("sickEpisodesPerYear", "0.1", "0", "50"),
  };
}

type Fields = ReturnType<typeof scenarioFields>;

function formElement(f: Fields): HTMLFormElement {
  return el("form", { class: "sim-form" }, [
    el("fieldset", {}, [
      el("legend", {}, ["Клиенты"]),
      row("Активных клиентов на старте", f.initial),
      row("Рост базы", f.growthMode),
      row("Цель, клиентов", f.target, "для режима «цель»"),
      row("…к месяцу", f.byMonth),
      row("Отток, % клиентов в месяц", f.churn),
    ]),
    el("fieldset", {}, [
      el("legend", {}, ["Обращения"]),
      row("Обращений на клиента в месяц", f.perClient),
      ...PRIORITY_NAMES.map((p) => row(`${PRIORITY_LABELS_RU[p]}, % обращений`, f.mix[p]!)),
      ...PRIORITY_NAMES.map((p) => row(`${PRIORITY_LABELS_RU[p]}: трудозатраты, мин (среднее)`, f.effort[p]!)),
    ]),
    el("fieldset", {}, [
      el("legend", {}, ["Штат"]),
      ...SIM_ROLES.map((r) => row(ROLE_LABELS_RU[r], f.staff[r])),
      ...SIM_ROLES.map((r) => row(`+1 ${ROLE_LABELS_RU[r].toLowerCase()} с месяца`, f.hire[r], "пусто — без найма")),
    ]),
    el("fieldset", {}, [
      el("legend", {}, ["Внедрение и выезды"]),
      row("Новых проектов в месяц", f.projects),
      row("Регламентных выездов на клиента в квартал", f.maintenance),
    ]),
    el("fieldset", {}, [
      el("legend", {}, ["Отсутствия"]),
      row("Учитывать отпуска и больничные", f.absences, "отпуск 28 дней в год (ТК РФ, ст. 115, 125); даты — по данным и случайные"),
      row("Руководитель замещает менеджера ТП и МОС, % своего времени", f.cover),
      row("Выезды отсутствующего инженера делает резервный инженер", f.backup, "иначе выезды ждут"),
      row("Больничных на человека в год", f.sick),
    ]),
    el("fieldset", {}, [
      el("legend", {}, ["Расчёт"]),
      row("Название сценария", f.name),
      row("Горизонт, месяцев (1–36)", f.horizon),
      row("Прогонов", f.runs),
      row("Зерно (seed)", f.seed, "одинаковое зерно — одинаковый результат"),
    ]),
  ]);
}

function writeFields(f: Fields, s: Scenario, runs: number, seed: number): void {
  f.name.value = s.name;
  f.initial.value = String(Math.round(s.clients.initial));
  f.growthMode.value = s.clients.growth.mode;
  f.target.value = String(s.clients.growth.mode === "target" ? s.clients.growth.target : Math.round(s.clients.initial));
  f.byMonth.value = s.clients.growth.mode === "target" ? s.clients.growth.byMonth : addMonths(s.startMonth, s.horizonMonths - 1);
  f.churn.value = round(s.clients.churnRatePerMonth * 100, 2);
  f.perClient.value = round(s.tickets.perClientMonth, 3);
  const mixTotal = PRIORITY_NAMES.reduce((a, p) => a + s.tickets.priorityMix[p], 0) || 1;
  for (const p of PRIORITY_NAMES) {
    f.mix[p]!.value = round((s.tickets.priorityMix[p] / mixTotal) * 100, 1);
    f.effort[p]!.value = String(Math.round(meanEffortMinutes(s, p)));
  }
  for (const r of SIM_ROLES) {
    f.staff[r].value = String(s.staff[r]);
    f.hire[r].value = s.hires.find((h) => h.role === r)?.month ?? "";
  }
  f.projects.value = round(s.projects.perMonth, 2);
  f.maintenance.value = round(s.maintenanceVisitsPerClientPerQuarter, 3);
  f.absences.checked = s.absences.enabled;
  f.cover.value = round(s.absences.headCoverShare * 100, 1);
  f.backup.checked = s.absences.engineerBackup;
  f.sick.value = round(s.absences.sickEpisodesPerYear, 3);
  f.horizon.value = String(s.horizonMonths);
  f.runs.value = String(runs);
  f.seed.value = String(seed);
}

function readFields(f: Fields, base: Scenario): { scenario: Scenario; runs: number; seed: number } {
  const num = (input: HTMLInputElement, label: string): number => {
    const v = Number(input.value.replace(",", "."));
    if (input.value.trim() === "" || !Number.isFinite(v)) throw new RangeError(`Поле «${label}»: введите число`);
    return v;
  };
  const hires: Hire[] = [];
  for (const r of SIM_ROLES) if (f.hire[r].value) hires.push({ role: r, month: f.hire[r].value });
  let s = mergeScenario(base, {
    name: f.name.value.trim() || "Сценарий",
    horizonMonths: num(f.horizon, "Горизонт"),
    clients: {
      initial: num(f.initial, "Активных клиентов"),
      growth:
        f.growthMode.value === "target"
          ? { mode: "target", target: num(f.target, "Цель, клиентов"), byMonth: f.byMonth.value || addMonths(base.startMonth, 11) }
          : { mode: "projects" },
      churnRatePerMonth: num(f.churn, "Отток") / 100,
    },
    tickets: {
      perClientMonth: num(f.perClient, "Обращений на клиента"),
      priorityMix: Object.fromEntries(PRIORITY_NAMES.map((p) => [p, num(f.mix[p]!, `${PRIORITY_LABELS_RU[p]}, %`) / 100])) as Scenario["tickets"]["priorityMix"],
    },
    staff: Object.fromEntries(SIM_ROLES.map((r) => [r, num(f.staff[r], ROLE_LABELS_RU[r])])) as Scenario["staff"],
    hires,
    projects: { perMonth: num(f.projects, "Новых проектов в месяц") },
    maintenanceVisitsPerClientPerQuarter: num(f.maintenance, "Регламентных выездов"),
    absences: {
      enabled: f.absences.checked,
      headCoverShare: num(f.cover, "Руководитель замещает, %") / 100,
      engineerBackup: f.backup.checked,
      sickEpisodesPerYear: num(f.sick, "Больничных на человека в год"),
    },
  });
  for (const p of PRIORITY_NAMES) {
    const mean = num(f.effort[p]!, `${PRIORITY_LABELS_RU[p]}: трудозатраты`);
    if (Math.abs(mean - Math.round(meanEffortMinutes(s, p))) > 0) s = withMeanEffort(s, p, mean);
  }
  // field bounds and tickets per month; the page's runs are not capped (a long run can be cancelled)
  const problem = scenarioBoundsProblem(s);
  if (problem) throw new RangeError(`Сценарий: ${problem}`);
  return { scenario: s, runs: num(f.runs, "Прогонов"), seed: num(f.seed, "Зерно") };
}

export function createScenarioForm(base: Scenario): ScenarioForm {
  const f = scenarioFields();
  return {
    element: formElement(f),
    read: () => readFields(f, base),
    write: (scenario, runs, seed) => writeFields(f, scenario, runs, seed),
  };
}
