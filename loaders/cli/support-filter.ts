/**
 * `support-analytics metrics --from ГГГГ-ММ --to ГГГГ-ММ --priority P --segment S --client ID`: the
 * figures of «Техподдержка» for one filter, from the same cells (loaders/metrics/support-cells.ts)
 * and the same sums (src/core/support-figures.ts) as the page, over the tickets of the filter only.
 * A flag left out means what the page's filter means by default: every priority, segment and client,
 * and the twelve months ending with the last complete one.
 */
import type { Pipeline } from "../pipeline.ts";
import { createTicketFacts } from "../metrics/ticket-facts.ts";
import { breachedTickets, durationBinnings, supportCells, ticketMonths, type CellsSource } from "../metrics/support-cells.ts";
import { assertMonth, firstMonthWithRepeatHistory } from "../../src/core/months.ts";
import { defaultMonthOf, formatMonth, formatNumber, formatPercent } from "../../src/core/format.ts";
import { PRIORITY_ORDER } from "../../src/core/labels.ts";
import { ALL, type SupportFilter } from "../../src/core/support-cells.ts";
import { breachedIn, defaultPeriod, supportFigures, type SupportFigures } from "../../src/core/support-figures.ts";

export interface FilterFlags {
  from?: string;
  to?: string;
  priority?: string;
  segment?: string;
  client?: string;
}

const FLAGS: Record<string, keyof FilterFlags> = { "--from": "from", "--to": "to", "--priority": "priority", "--segment": "segment", "--client": "client" };

/** Takes the filter's flags (`--flag value` or `--flag=value`) out of `args`; the rest is returned as is. */
export function splitFilterFlags(args: readonly string[]): { flags: FilterFlags | null; rest: string[] } {
  const flags: FilterFlags = {};
  const rest: string[] = [];
  let found = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.indexOf("=");
    const name = FLAGS[eq >= 0 ? arg.slice(0, eq) : arg];
    if (!name) {
      rest.push(arg);
      continue;
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined || value === "" || (eq < 0 && value.startsWith("--"))) throw new Error(`Параметру ${eq >= 0 ? arg.slice(0, eq) : arg} нужно значение`);
    flags[name] = value;
    found = true;
  }
  return { flags: found ? flags : null, rest };
}

/** Usage errors of the filter's flags (with `--month`, which stands for --from M --to M). */
export function checkFilterFlags(flags: FilterFlags, month: string | undefined): void {
  if (month !== undefined && (flags.from !== undefined || flags.to !== undefined)) throw new Error("Укажите либо --month, либо --from/--to");
  for (const value of [flags.from, flags.to, month]) if (value !== undefined) assertMonth(value);
  const priorities = [ALL, ...PRIORITY_ORDER];
  if (flags.priority !== undefined && !priorities.includes(flags.priority)) {
    throw new Error(`Приоритет «${flags.priority}» не известен; допустимо: ${priorities.join(", ")}`);
  }
}

export interface FilteredSupport extends SupportFigures {
  as_of: string;
  /** the breached tickets of the filter: the rows of the page's table «Нарушения SLA» */
  breached_tickets: string[];
}

/** The page's figures for the filter the flags describe, judged at the pipeline's as-of. */
export async function filteredSupport(pipeline: Pipeline, flags: FilterFlags, month: string | undefined): Promise<FilteredSupport> {
  const timezone = pipeline.settings.calendar.timezone;
  await createTicketFacts(pipeline.connection, pipeline.settings, pipeline.now, "support_ticket_facts", pipeline.latestEventDay);
  const source: CellsSource = { connection: pipeline.connection, factsTable: "support_ticket_facts", now: pipeline.now, timezone };
  const months = await ticketMonths(source);
  const binnings = await durationBinnings(source);
  const period = defaultPeriod(months, defaultMonthOf(months, pipeline.now, timezone) ?? "2026-01");
  const [from, to] = [flags.from ?? month ?? period.from, flags.to ?? month ?? period.to];
  const filter: SupportFilter = {
    from: from <= to ? from : to,
    to: from <= to ? to : from,
    priority: flags.priority ?? ALL,
    segment: flags.segment ?? ALL,
    client: flags.client ?? ALL,
  };
  const selection = { priority: filter.priority, segment: filter.segment, client: filter.client };
  const cells = await supportCells(source, selection, { byClient: filter.client !== ALL, months, binnings });
  const repeatsFrom = months.length ? firstMonthWithRepeatHistory(months[0]!, pipeline.settings.repeat_window_days) : "";
  const figures = supportFigures(cells, filter, { repeatsFrom, binnings });
  const breached = breachedIn(await breachedTickets(source, selection), filter);
  return { as_of: pipeline.now.toISOString(), ...figures, breached_tickets: breached.map((t) => t.ticket_id) };
}

/** A readable Russian summary of the filtered figures. */
export function formatFilteredSupport(figures: FilteredSupport): string {
  const f = figures.filter;
  const parts = [f.priority, f.segment, f.client].filter((v) => v !== ALL);
  const s = figures.summary;
  const esc = figures.rates.reduce((a, r) => a + r.escalated, 0);
  return [
    `Техподдержка за ${formatMonth(f.from)} — ${formatMonth(f.to)}${parts.length ? ` (${parts.join(", ")})` : ""}`,
    `  обращений ${formatNumber(s.tickets)}; соблюдение SLA ${formatPercent(s.compliance)} (нарушено ${formatNumber(s.breached)} из ${formatNumber(s.judged)} оценённых)`,
    `  эскалировано ${formatNumber(esc)}; сейчас открыто ${formatNumber(figures.open_now)}`,
  ].join("\n");
}
