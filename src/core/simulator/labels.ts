/** Russian labels of the simulator's triggers and metrics (roles and priorities: src/core/labels.ts). */
import type { MonthMetric, SimRole, TriggerKey } from "./types.js";

export const TRIGGER_LABELS_RU: Record<TriggerKey, string> = {
  second_support_manager: "Второй менеджер ТП: ≥ 400 обращений в месяц",
  second_success_manager: "Второй МОС: ≥ 400 клиентов или > 300 на одного МОС",
  second_engineer: "Второй инженер: ≥ 7 проектов внедрения в месяц",
  implementation_assistant: "Ассистент менеджера по внедрению: загрузка > 100 %",
};

/** the role a trigger asks to hire */
export const TRIGGER_ROLE: Record<TriggerKey, SimRole> = {
  second_support_manager: "support_manager",
  second_success_manager: "success_manager",
  second_engineer: "senior_engineer",
  implementation_assistant: "implementation_manager",
};

export const UTILIZATION_METRIC: Record<SimRole, MonthMetric> = {
  support_manager: "util_support_manager",
  success_manager: "util_success_manager",
  implementation_manager: "util_implementation_manager",
  senior_engineer: "util_senior_engineer",
};
