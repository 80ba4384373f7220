/**
 * The «Обоснование найма» page's input for the cost: a monthly salary per role (empty: not
 * entered) and the employer's insurance contributions in percent. Its `value` changes, with an
 * `input` event, as the user types, so `view(salaryForm())` recomputes the cost at once.
 */
import { EMPLOYER_CONTRIBUTIONS_SHARE } from "./hiring-case.js";
import { ROLE_LABELS_RU } from "../../core/labels.js";
import { SIM_ROLES, type SimRole } from "../../core/simulator/types.js";

export interface SalaryInput {
  /** ₽ a month per role; null when not entered */
  salaries: Record<SimRole, number | null>;
  /** the employer's contributions as a share of the salary */
  contributionsShare: number;
}

function numberField(labelText: string, attributes: Record<string, string>): { label: HTMLLabelElement; input: HTMLInputElement } {
  const input = document.createElement("input");
  input.type = "number";
  for (const [name, value] of Object.entries(attributes)) input.setAttribute(name, value);
  const label = document.createElement("label");
  label.append(`${labelText} `, input);
  return { label, input };
}

function grid(labels: HTMLLabelElement[]): HTMLDivElement {
  const div = document.createElement("div");
  div.className = "hr-salaries";
  div.append(...labels);
  return div;
}

export function salaryForm(): HTMLElement & { value: SalaryInput } {
  const salaries = SIM_ROLES.map((role) => ({
    role,
    ...numberField(ROLE_LABELS_RU[role], { min: "0", step: "1000", placeholder: "₽ в месяц", "aria-label": `Оклад: ${ROLE_LABELS_RU[role]}` }),
  }));
  const contributions = numberField("Страховые взносы работодателя, %", {
    min: "0", max: "100", step: "0.1", value: String(EMPLOYER_CONTRIBUTIONS_SHARE * 100), "aria-label": "Страховые взносы работодателя, %",
  });
  const root = document.createElement("div") as unknown as HTMLElement & { value: SalaryInput };
  root.append(grid(salaries.map((s) => s.label)), grid([contributions.label]));
  const read = (): SalaryInput => ({
    salaries: Object.fromEntries(salaries.map((s) => [s.role, s.input.value === "" ? null : Number(s.input.value)])) as Record<SimRole, number | null>,
    contributionsShare: contributions.input.value === "" ? 0 : Number(contributions.input.value) / 100,
  });
  root.value = read();
  // the fields' own input events bubble to the root; the value is read before they get there
  root.addEventListener("input", () => (root.value = read()), { capture: true });
  return root;
}
