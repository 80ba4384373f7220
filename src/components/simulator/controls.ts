/**
 * The «Симулятор» page's input: the scenario form with the buttons «Рассчитать», the preset
 * «400+ обращений в месяц» and «Сбросить к данным». Its `value` is the request last asked for
 * (at first the one from the URL, so the page runs it on load); a button that asks for a run sets
 * it and dispatches `input`, so `view(scenarioControls(…))` re-runs what reads it. A form that
 * does not read as a scenario (an empty field, a number out of bounds) shows the reason and
 * leaves the value as it was.
 */
import { createScenarioForm } from "./form.js";
import { DEFAULT_RUNS, DEFAULT_SEED, type SimulationRequest } from "./session.js";
import { preset400Tickets } from "../../core/simulator/scenario.js";
import type { Scenario } from "../../core/simulator/types.js";

export type ScenarioControls = HTMLDivElement & { value: SimulationRequest };

function button(label: string, className?: string): HTMLButtonElement {
  const element = document.createElement("button");
  element.type = "button";
  element.textContent = label;
  if (className) element.className = className;
  return element;
}

function note(text: string): HTMLParagraphElement {
  const p = document.createElement("p");
  p.className = "sim-note sim-note-warn";
  p.textContent = text;
  return p;
}

export function scenarioControls(base: Scenario, initial: SimulationRequest & { warning?: string | null }): ScenarioControls {
  const form = createScenarioForm(base);
  form.write(initial.scenario, initial.runs, initial.seed);
  const messages = document.createElement("div");
  messages.className = "sim-messages";
  if (initial.warning) messages.append(note(initial.warning));
  const run = button("Рассчитать", "sim-run");
  const preset = button("Пресет «400+ обращений в месяц»");
  const reset = button("Сбросить к данным");
  const buttons = document.createElement("div");
  buttons.className = "sim-buttons";
  buttons.append(run, preset, reset);
  const root = document.createElement("div") as ScenarioControls;
  root.className = "sim-controls";
  root.append(form.element, buttons, messages);
  root.value = { scenario: initial.scenario, runs: initial.runs, seed: initial.seed };

  const ask = (): void => {
    try {
      root.value = form.read();
    } catch (error) {
      messages.replaceChildren(note((error as Error).message));
      return;
    }
    messages.replaceChildren();
    root.dispatchEvent(new Event("input", { bubbles: true }));
  };
  run.addEventListener("click", ask);
  preset.addEventListener("click", () => {
    const { runs, seed } = form.read();
    form.write(preset400Tickets(base), runs, seed);
    ask();
  });
  reset.addEventListener("click", () => {
    form.write(base, DEFAULT_RUNS, DEFAULT_SEED);
    ask();
  });
  // typing in a field is not a request: only the buttons are
  form.element.addEventListener("input", (event) => event.stopPropagation());
  form.element.addEventListener("submit", (event) => event.preventDefault());
  return root;
}
