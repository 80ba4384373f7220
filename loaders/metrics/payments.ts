/**
 * Invoices paid on time: of the invoices whose due_at falls within the month and has passed by
 * the as-of day (due_at ≤ as-of day), the share with paid_at ≤ due_at. An unpaid invoice past
 * its due date counts as late. The seeds' KPI is «95%+ клиентов оплачивают в срок»; the export
 * holds invoices, so the share is per invoice (a client normally gets one invoice a month).
 * unpaid_overdue: of those invoices, the ones not paid by the month's last day (or the as-of day
 * when earlier).
 */
import type { MetricContext } from "./context.ts";
import { monthsCte } from "./context.ts";
import { queryRows, ratio, rowCount } from "./sql.ts";
import { knownRelationSql } from "./known-at.ts";

export interface PaymentMonth {
  due: number;
  on_time: number;
  on_time_rate: number | null;
  unpaid_overdue: number;
}

export async function paymentsByMonth(context: MetricContext): Promise<Map<string, PaymentMonth> | null> {
  if ((await rowCount(context.connection, "payments")) === 0) return null;
  const paymentsRel = await knownRelationSql(context, "payments");
  const rows = await queryRows<{ month: string; due: number; on_time: number; unpaid_overdue: number }>(
    context.connection,
    `WITH ${monthsCte(context)}
     SELECT m.month,
       count(p.invoice_id) AS due,
       count(p.invoice_id) FILTER (WHERE p.paid_at <= p.due_at AND p.paid_at <= m.d_asof) AS on_time,
       count(p.invoice_id) FILTER (WHERE p.paid_at IS NULL OR p.paid_at > m.d_asof) AS unpaid_overdue
     FROM metric_months m
     LEFT JOIN ${paymentsRel} p ON p.due_at BETWEEN m.d_start AND m.d_end AND p.due_at <= m.d_asof
     GROUP BY m.month`,
  );
  const result = new Map<string, PaymentMonth>();
  for (const r of rows) {
    result.set(r.month, { due: r.due, on_time: r.on_time, on_time_rate: ratio(r.on_time, r.due), unpaid_overdue: r.unpaid_overdue });
  }
  return result;
}
