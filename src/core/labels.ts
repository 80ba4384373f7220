/**
 * Russian names of the enums and keys the pages, the narrative and the simulator show: one label
 * per key. Role names follow the department's own documents (seeds/000 «Структура отдела
 * сопровождения»).
 */

export const PRIORITY_LABELS_RU: Readonly<Record<"emergency" | "standard" | "consultation", string>> = {
  emergency: "Экстренные",
  standard: "Стандартные",
  consultation: "Консультации",
};

/** «SLA стандартных обращений» */
export const PRIORITY_GENITIVE_RU: Readonly<Record<string, string>> = {
  emergency: "экстренных обращений",
  standard: "стандартных обращений",
  consultation: "консультаций",
};

export const PRIORITY_ORDER = ["emergency", "standard", "consultation"] as const;

export const CHANNEL_LABELS_RU: Readonly<Record<string, string>> = {
  phone: "Телефон",
  email: "Почта",
  messenger: "Мессенджер",
  crm: "CRM",
  other: "Другое",
};

export const TYPE_LABELS_RU: Readonly<Record<string, string>> = {
  problem: "Проблема",
  consultation: "Консультация",
  improvement: "Доработка",
};

export const SEGMENT_LABELS_RU: Readonly<Record<string, string>> = {
  residential: "ЖК",
  cottage: "Коттеджные посёлки",
  business_center: "Бизнес-центры",
  industrial: "Производство",
  other: "Другое",
};

export const VISIT_KIND_LABELS_RU: Readonly<Record<string, string>> = {
  audit: "Аудит",
  installation: "Монтаж",
  commissioning: "Пусконаладка",
  maintenance: "Обслуживание",
  emergency: "Аварийный",
  training: "Обучение",
};

export const ROLE_LABELS_RU: Readonly<Record<(typeof ROLE_ORDER)[number], string>> = {
  head: "Руководитель отдела",
  support_manager: "Менеджер техподдержки",
  success_manager: "Менеджер по сопровождению клиентов (МОС)",
  implementation_manager: "Менеджер по внедрению",
  senior_engineer: "Старший инженер",
};

/** The parts of a role's monthly demand (workload.<role>.components, src/core/workload.ts). */
export const WORKLOAD_COMPONENT_LABELS_RU: Readonly<Record<string, string>> = {
  tickets: "обращения",
  portfolio: "ведение клиентов",
  onboarding: "запуск новых клиентов",
  deliveries: "доставки",
  suppliers: "поставщики",
  billing: "счета",
  projects: "проекты внедрения",
  onsite: "работа на объекте",
  travel: "дорога",
  preparation: "подготовка к выездам",
  paperwork: "документы по выездам",
  expertise: "техническая экспертиза",
  meetings: "планёрки и встречи",
  complex_cases: "сложные кейсы",
  sla_review: "контроль SLA",
  monthly_report: "отчёт CEO",
};

export const ROLE_ORDER = ["head", "support_manager", "success_manager", "implementation_manager", "senior_engineer"] as const;

export const TRIGGER_LABELS_RU: Readonly<Record<string, string>> = {
  second_support_manager: "Второй менеджер техподдержки",
  second_success_manager: "Второй МОС",
  second_engineer: "Второй инженер",
  implementation_assistant: "Ассистент менеджера по внедрению",
};

export const SLA_STATUS_LABELS_RU: Readonly<Record<string, string>> = {
  on_target: "в целевой срок",
  met: "в пределах лимита",
  breached: "нарушен",
  open: "в работе",
};

/** A client's status on the as-of day (loaders/metrics/clients.ts clientStatusSql). */
export const CLIENT_STATUS_LABELS_RU: Readonly<Record<string, string>> = {
  active: "активен",
  churned: "ушёл",
  not_started: "договор не начат",
};

/** Label for a key, falling back to the key itself (never undefined on screen). */
export function labelOf(labels: Readonly<Record<string, string>>, key: string | null | undefined): string {
  if (key === null || key === undefined || key === "") return "не указано";
  return labels[key] ?? key;
}

/** «Менеджер по внедрению» → «менеджер по внедрению»: lower-cases the first letter only. */
export function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
