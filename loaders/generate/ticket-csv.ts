/** A generated ticket as a CSV record of tickets.csv (columns in schema order). */
import { quoteField } from "./csv.ts";
import { CATEGORIES } from "./names.ts";
import { CHANNEL_NAMES, PRIORITY_NAMES, type Ticket } from "./tickets.ts";
import { formatTimestamp } from "./time.ts";

const CATEGORY_CSV = CATEGORIES.map((c) => quoteField(c.name));
const ASSIGNEE_CSV = new Map<string, string>();

/** The CSV line of a ticket: the same text as `csvLine(ticketFields(...))`, built without the array. */
export function ticketLine(ticket: Ticket, clientId: string): string {
  let assignee = ASSIGNEE_CSV.get(ticket.assignee);
  if (assignee === undefined) {
    assignee = quoteField(ticket.assignee);
    ASSIGNEE_CSV.set(ticket.assignee, assignee);
  }
  return (
    "T-" +
    ticket.idNumber +
    "," +
    quoteField(clientId) +
    "," +
    formatTimestamp(ticket.created) +
    "," +
    PRIORITY_NAMES[ticket.priority]! +
    "," +
    (Number.isNaN(ticket.firstResponse) ? "" : formatTimestamp(ticket.firstResponse)) +
    "," +
    (Number.isNaN(ticket.resolved) ? "" : formatTimestamp(ticket.resolved)) +
    "," +
    ticket.type +
    "," +
    CHANNEL_NAMES[ticket.channel]! +
    "," +
    (ticket.escalated ? "true" : "false") +
    "," +
    CATEGORY_CSV[ticket.categoryIndex]! +
    "," +
    assignee +
    "," +
    (ticket.csat === 0 ? "" : String(ticket.csat)) +
    "," +
    ticket.effortMinutes
  );
}

export function ticketFields(ticket: Ticket, clientId: string): string[] {
  return [
    `T-${ticket.idNumber}`,
    clientId,
    formatTimestamp(ticket.created),
    PRIORITY_NAMES[ticket.priority]!,
    Number.isNaN(ticket.firstResponse) ? "" : formatTimestamp(ticket.firstResponse),
    Number.isNaN(ticket.resolved) ? "" : formatTimestamp(ticket.resolved),
    ticket.type,
    CHANNEL_NAMES[ticket.channel]!,
    ticket.escalated ? "true" : "false",
    CATEGORIES[ticket.categoryIndex]!.name,
    ticket.assignee,
    ticket.csat === 0 ? "" : String(ticket.csat),
    String(ticket.effortMinutes),
  ];
}
