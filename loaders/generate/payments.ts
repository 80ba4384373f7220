/**
 * Monthly invoices: issued on the 15th to every active client, due on the 25th, amount = MRR;
 * most paid on time, some late, recent ones sometimes still unpaid on the as-of date.
 */
import { formatMoney, isActiveOn, type Client } from "./clients.ts";
import type { Context } from "./options.ts";
import type { Rng } from "./rng.ts";
import { formatDay } from "./time.ts";

export interface Invoice {
  id: string;
  clientIndex: number;
  issuedDay: number;
  dueDay: number;
  /** NaN while unpaid */
  paidDay: number;
  amountRub: number;
}

const ISSUE_DAY_OF_MONTH = 15;
const DUE_AFTER_DAYS = 10;

export function generatePayments(context: Context, rng: Rng, clients: readonly Client[]): Invoice[] {
  const invoices: Invoice[] = [];
  for (const span of context.months) {
    const issuedDay = span.firstDay + ISSUE_DAY_OF_MONTH - 1;
    if (issuedDay > context.asOfDay) continue;
    const dueDay = issuedDay + DUE_AFTER_DAYS;
    clients.forEach((client, clientIndex) => {
      if (!isActiveOn(client, issuedDay)) return;
      const lastBeforeChurn = client.churnDay !== null && client.churnDay - issuedDay < 31;
      let paidDay: number;
      if (lastBeforeChurn && rng.chance(0.6)) paidDay = NaN;
      else if (rng.chance(client.onTimePayment)) paidDay = issuedDay + rng.int(1, DUE_AFTER_DAYS);
      else paidDay = rng.chance(0.9) ? dueDay + rng.int(1, 35) : NaN;
      if (paidDay > context.asOfDay) paidDay = NaN;
      invoices.push({ id: "", clientIndex, issuedDay, dueDay, paidDay, amountRub: client.mrrRub });
    });
  }
  return invoices.map((invoice, i) => ({ ...invoice, id: `INV-${String(i + 1).padStart(5, "0")}` }));
}

export function invoiceFields(invoice: Invoice, clientId: string): string[] {
  return [
    invoice.id,
    clientId,
    formatDay(invoice.issuedDay),
    formatDay(invoice.dueDay),
    Number.isNaN(invoice.paidDay) ? "" : formatDay(invoice.paidDay),
    formatMoney(invoice.amountRub),
  ];
}
