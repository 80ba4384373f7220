/**
 * Canonical input schema: the six exports the department keeps, as typed tables.
 * One source of truth for ingestion (validation, DuckDB DDL), data/README.md and the pages.
 *
 * Storage conventions in DuckDB:
 * - `timestamp` columns are TIMESTAMP holding the UTC instant (inputs without an offset are
 *   Europe/Moscow local time and are converted on ingestion).
 * - `date` columns are DATE (a calendar day in Europe/Moscow; a date-time input is cut to its
 *   Moscow-local day).
 */
import { PRIORITIES, VISIT_KINDS } from "../src/core/settings.ts";

export { PRIORITIES, VISIT_KINDS, type Priority, type VisitKind } from "../src/core/settings.ts";

export type TableName = "tickets" | "clients" | "projects" | "visits" | "nps" | "payments";

export type ColumnType =
  | "id" // non-empty text, trimmed
  | "text" // free text, may be empty
  | "timestamp" // instant, stored as UTC TIMESTAMP
  | "date" // calendar day, DATE
  | "enum" // one of `values`
  | "bool" // да/нет, true/false, 1/0
  | "integer"
  | "number"; // decimal comma or point

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  required: boolean;
  /** allowed canonical values of an enum column */
  values?: readonly string[];
  /** inclusive numeric bounds */
  min?: number;
  max?: number;
  /** column references another table's id (checked after both are read) */
  references?: TableName;
  /** Russian description for data/README.md and «Качество данных» */
  descriptionRu: string;
}

export interface TableSpec {
  name: TableName;
  /** required files fail the run when missing; optional ones turn features into «нет данных» */
  required: boolean;
  /** the primary key column, unique within the file */
  key: string;
  titleRu: string;
  columns: readonly ColumnSpec[];
}

export const TICKET_TYPES = ["problem", "consultation", "improvement"] as const;
export const CHANNELS = ["phone", "email", "messenger", "crm", "other"] as const;
export const SEGMENTS = ["residential", "cottage", "business_center", "industrial", "other"] as const;

/**
 * Upper bounds of the numeric columns: far above anything real, low enough that one mistyped value
 * cannot turn a month's totals into nonsense (an effort of 10^20 minutes).
 */
/** one ticket's work: a week of round-the-clock effort (7 × 24 × 60) */
export const MAX_EFFORT_MINUTES = 10_080;
/** one client's monthly payment or one invoice: 100 million roubles */
export const MAX_AMOUNT_RUB = 100_000_000;
/** critical remarks at one project's hand-over */
export const MAX_CRITICAL_REMARKS = 1_000;
/** hours on site or on the road of one visit, which has one date */
export const HOURS_PER_DAY = 24;

export const SCHEMA: Readonly<Record<TableName, TableSpec>> = {
  tickets: {
    name: "tickets",
    required: true,
    key: "ticket_id",
    titleRu: "Обращения",
    columns: [
      { name: "ticket_id", type: "id", required: true, descriptionRu: "Номер обращения" },
      { name: "client_id", type: "id", required: true, references: "clients", descriptionRu: "Клиент" },
      { name: "created_at", type: "timestamp", required: true, descriptionRu: "Дата и время создания" },
      { name: "priority", type: "enum", required: true, values: PRIORITIES, descriptionRu: "Приоритет" },
      { name: "first_response_at", type: "timestamp", required: false, descriptionRu: "Первый ответ" },
      { name: "resolved_at", type: "timestamp", required: false, descriptionRu: "Решено (закрыто)" },
      { name: "type", type: "enum", required: false, values: TICKET_TYPES, descriptionRu: "Тип обращения" },
      { name: "channel", type: "enum", required: false, values: CHANNELS, descriptionRu: "Канал" },
      { name: "escalated", type: "bool", required: false, descriptionRu: "Эскалация в разработку" },
      { name: "category", type: "text", required: false, descriptionRu: "Категория" },
      { name: "assignee", type: "text", required: false, descriptionRu: "Ответственный" },
      { name: "csat", type: "integer", required: false, min: 1, max: 5, descriptionRu: "Оценка клиента (1–5)" },
      { name: "effort_minutes", type: "number", required: false, min: 0, max: MAX_EFFORT_MINUTES, descriptionRu: "Трудозатраты, минут" },
    ],
  },
  clients: {
    name: "clients",
    required: true,
    key: "client_id",
    titleRu: "Клиенты",
    columns: [
      { name: "client_id", type: "id", required: true, descriptionRu: "Код клиента" },
      { name: "name", type: "text", required: true, descriptionRu: "Название" },
      { name: "segment", type: "enum", required: false, values: SEGMENTS, descriptionRu: "Сегмент" },
      { name: "contract_start", type: "date", required: true, descriptionRu: "Начало договора" },
      { name: "churned_at", type: "date", required: false, descriptionRu: "Дата ухода" },
      { name: "mrr_rub", type: "number", required: false, min: 0, max: MAX_AMOUNT_RUB, descriptionRu: "Ежемесячный платёж, ₽" },
      { name: "manager", type: "text", required: false, descriptionRu: "Менеджер (МОС)" },
    ],
  },
  projects: {
    name: "projects",
    required: false,
    key: "project_id",
    titleRu: "Проекты внедрения",
    columns: [
      { name: "project_id", type: "id", required: true, descriptionRu: "Номер проекта" },
      { name: "client_id", type: "id", required: true, references: "clients", descriptionRu: "Клиент" },
      { name: "signed_at", type: "date", required: true, descriptionRu: "Договор подписан" },
      { name: "due_at", type: "date", required: false, descriptionRu: "Плановый срок" },
      { name: "audit_at", type: "date", required: false, descriptionRu: "Аудит" },
      { name: "installed_at", type: "date", required: false, descriptionRu: "Монтаж" },
      { name: "commissioned_at", type: "date", required: false, descriptionRu: "Пусконаладка" },
      { name: "trained_at", type: "date", required: false, descriptionRu: "Обучение" },
      { name: "handed_over_at", type: "date", required: false, descriptionRu: "Передан в сопровождение" },
      { name: "critical_remarks", type: "integer", required: false, min: 0, max: MAX_CRITICAL_REMARKS, descriptionRu: "Критических замечаний при сдаче" },
    ],
  },
  visits: {
    name: "visits",
    required: false,
    key: "visit_id",
    titleRu: "Выезды инженера",
    columns: [
      { name: "visit_id", type: "id", required: true, descriptionRu: "Номер выезда" },
      { name: "engineer", type: "text", required: true, descriptionRu: "Инженер" },
      { name: "visited_at", type: "date", required: true, descriptionRu: "Дата выезда" },
      { name: "client_id", type: "id", required: true, references: "clients", descriptionRu: "Клиент" },
      { name: "project_id", type: "id", required: false, references: "projects", descriptionRu: "Проект" },
      { name: "kind", type: "enum", required: true, values: VISIT_KINDS, descriptionRu: "Вид выезда" },
      { name: "onsite_hours", type: "number", required: false, min: 0, max: HOURS_PER_DAY, descriptionRu: "Часов на объекте" },
      { name: "travel_hours", type: "number", required: false, min: 0, max: HOURS_PER_DAY, descriptionRu: "Часов в дороге" },
    ],
  },
  nps: {
    name: "nps",
    required: false,
    key: "response_id",
    titleRu: "Опрос NPS",
    columns: [
      { name: "response_id", type: "id", required: true, descriptionRu: "Номер ответа" },
      { name: "client_id", type: "id", required: true, references: "clients", descriptionRu: "Клиент" },
      { name: "answered_at", type: "date", required: true, descriptionRu: "Дата ответа" },
      { name: "score", type: "integer", required: true, min: 0, max: 10, descriptionRu: "Оценка 0–10" },
      { name: "comment", type: "text", required: false, descriptionRu: "Комментарий" },
    ],
  },
  payments: {
    name: "payments",
    required: false,
    key: "invoice_id",
    titleRu: "Счета и оплаты",
    columns: [
      { name: "invoice_id", type: "id", required: true, descriptionRu: "Номер счёта" },
      { name: "client_id", type: "id", required: true, references: "clients", descriptionRu: "Клиент" },
      { name: "issued_at", type: "date", required: true, descriptionRu: "Счёт выставлен" },
      { name: "due_at", type: "date", required: true, descriptionRu: "Срок оплаты" },
      { name: "paid_at", type: "date", required: false, descriptionRu: "Оплачен" },
      { name: "amount_rub", type: "number", required: false, min: 0, max: MAX_AMOUNT_RUB, descriptionRu: "Сумма, ₽" },
    ],
  },
};

export const TABLE_NAMES = Object.keys(SCHEMA) as TableName[];

/** DuckDB column type for a canonical column. */
export function duckdbType(column: ColumnSpec): string {
  switch (column.type) {
    case "timestamp":
      return "TIMESTAMP";
    case "date":
      return "DATE";
    case "bool":
      return "BOOLEAN";
    case "integer":
      return "INTEGER";
    case "number":
      return "DOUBLE";
    default:
      return "VARCHAR";
  }
}
