/**
 * `support-analytics tickets [--data DIR] [--json] [--as-of ISO]`: every ticket's business-time
 * durations and SLA status, judged as of --as-of (default: the data's own as-of, loaders/as-of.ts). With --json an array of
 * {ticket_id, priority, response_business_minutes, resolution_business_minutes,
 *  resolution_calendar_hours, sla_status, is_repeat, escalated}; otherwise a Russian table.
 */
import { createTicketFacts } from "../metrics/ticket-facts.ts";
import { runDataCommand } from "./args.ts";

export interface TicketRow {
  ticket_id: string;
  priority: string;
  response_business_minutes: number | null;
  resolution_business_minutes: number | null;
  resolution_calendar_hours: number | null;
  sla_status: string | null;
  is_repeat: boolean | null;
  escalated: boolean | null;
}

const HELP = `Использование: support-analytics tickets [--data КАТАЛОГ | --db ФАЙЛ] [--json] [--as-of МОМЕНТ]

Показатели каждого обращения: время первого ответа и решения в рабочих минутах
(производственный календарь, рабочие часы из config/settings.json), время решения
в календарных часах, статус SLA (on_target — в целевой срок, met — в пределах
лимита, breached — нарушен, open — в работе), повторность и эскалация.

  --data КАТАЛОГ  каталог с выгрузками (по умолчанию — как у остальных команд)
  --db ФАЙЛ       хранилище DuckDB (support-analytics import; или $SUPPORT_ANALYTICS_DB)
  --json          вывести массив объектов JSON
  --as-of МОМЕНТ  момент оценки открытых обращений, ISO 8601; без смещения —
                  время часового пояса календаря (по умолчанию — дата данных:
                  конец последнего дня с событием в выгрузках, не позже текущего
                  времени; переопределяется SUPPORT_ANALYTICS_AS_OF)
`;

const integer = new Intl.NumberFormat("ru-RU", { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat("ru-RU", { maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat("ru-RU", { style: "percent", maximumFractionDigits: 1 });

const PRIORITY_RU: Record<string, string> = { emergency: "экстренное", standard: "стандартное", consultation: "консультация" };
const STATUS_RU: Record<string, string> = {
  on_target: "в целевой срок",
  met: "в пределах лимита",
  breached: "нарушен",
  open: "в работе",
};

function cell(value: number | null, format: Intl.NumberFormat = decimal): string {
  return value === null ? "—" : format.format(value);
}

function yesNo(value: boolean | null): string {
  return value === null ? "—" : value ? "да" : "нет";
}

/** A readable Russian table of the first rows plus a summary by priority and status. */
export function formatTicketsTable(rows: TicketRow[], asOf: Date, timeZone = "Europe/Moscow", limit = 20): string {
  const header = ["Обращение", "Приоритет", "Ответ, раб. мин", "Решение, раб. мин", "Решение, кал. ч", "SLA", "Повторное", "Эскалация"];
  const body = rows
    .slice(0, limit)
    .map((r) => [
      r.ticket_id,
      PRIORITY_RU[r.priority] ?? r.priority,
      cell(r.response_business_minutes),
      cell(r.resolution_business_minutes),
      cell(r.resolution_calendar_hours),
      r.sla_status ? (STATUS_RU[r.sla_status] ?? r.sla_status) : "—",
      yesNo(r.is_repeat),
      yesNo(r.escalated),
    ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 || i > 4 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  const lines = [
    `Обращения на ${asOf.toLocaleString("ru-RU", { timeZone })} (${timeZone}): ${integer.format(rows.length)}`,
    "",
    line(header),
    ...body.map(line),
  ];
  if (rows.length > limit) lines.push(`… и ещё ${integer.format(rows.length - limit)} (полный список: --json)`);
  lines.push("", "Итог по приоритетам:");
  const known = Object.keys(PRIORITY_RU);
  const priorities = [...new Set(rows.map((r) => r.priority))].sort(
    (a, b) => (known.indexOf(a) + 1 || 99) - (known.indexOf(b) + 1 || 99),
  );
  for (const priority of priorities) {
    const of = rows.filter((r) => r.priority === priority);
    const count = (s: string) => of.filter((r) => r.sla_status === s).length;
    const met = count("met") + count("on_target");
    const decided = met + count("breached");
    lines.push(
      `  ${(PRIORITY_RU[priority] ?? priority).padEnd(13)} всего ${integer.format(of.length)}; в целевой срок ${integer.format(
        count("on_target"),
      )}, в пределах лимита ${integer.format(count("met"))}, нарушено ${integer.format(count("breached"))}, в работе ${integer.format(
        count("open"),
      )}; соблюдение SLA ${decided > 0 ? percent.format(met / decided) : "—"}`,
    );
  }
  return lines.join("\n");
}

export function run(args: string[]): Promise<number> {
  return runDataCommand(args, {
    help: HELP,
    withMonth: false,
    body: async ({ args: parsed, settings, openPipeline }) => {
      const pipeline = await openPipeline();
      const asOf = pipeline.now;
      await createTicketFacts(pipeline.connection, settings, asOf, "ticket_facts", pipeline.latestEventDay);
      const reader = await pipeline.connection.runAndReadAll(`
      SELECT ticket_id, priority, response_business_minutes, resolution_business_minutes,
             resolution_calendar_hours, sla_status, is_repeat, escalated
      FROM ticket_facts ORDER BY created_at, ticket_id`);
      const rows = reader.getRowObjects() as unknown as TicketRow[];
      if (parsed.json) process.stdout.write(JSON.stringify(rows) + "\n");
      else process.stdout.write(formatTicketsTable(rows, asOf, settings.calendar.timezone) + "\n");
    },
  });
}
