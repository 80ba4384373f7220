/**
 * `support-analytics metrics` end to end on a tiny data folder (real files, real pipeline, a
 * child process): the JSON keys and a few hand-computed values, the Russian summary, errors.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flattenKpis, type KpiTree } from "../loaders/metrics/month-kpis.ts";
import { loadSettings } from "../loaders/settings.ts";

const run = promisify(execFile);
const BIN = new URL("../bin/support-analytics.js", import.meta.url).pathname;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "metrics-cli-"));
  writeFileSync(
    join(dir, "tickets.csv"),
    [
      "ticket_id,client_id,created_at,priority,first_response_at,resolved_at,type,channel,escalated,category,assignee,csat,effort_minutes",
      // January: the data begin more than 30 days before March, so March's repeat rate is defined
      "T0,C1,2026-01-20T10:00:00+03:00,consultation,2026-01-20T10:30:00+03:00,2026-01-20T12:00:00+03:00,consultation,email,false,b,Орлова,,",
      "T1,C1,2026-03-02T10:00:00+03:00,emergency,2026-03-02T10:10:00+03:00,2026-03-02T12:00:00+03:00,problem,phone,false,a,Орлова,5,30",
      "T2,C1,2026-03-03T10:00:00+03:00,standard,2026-03-03T11:00:00+03:00,2026-03-04T10:00:00+03:00,problem,email,true,a,Орлова,4,",
    ].join("\n") + "\n",
  );
  writeFileSync(
    join(dir, "clients.csv"),
    ["client_id,name,segment,contract_start,churned_at,mrr_rub,manager", "C1,ЖК «Тест»,residential,2025-01-01,,10000,Смирнова"].join("\n") + "\n",
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("support-analytics metrics", () => {
  it("--json prints one nested object with the documented keys", async () => {
    const { stdout } = await run("node", [BIN, "metrics", "--data", dir, "--month", "2026-03", "--json", "--as-of", "2026-04-15T12:00:00+03:00"], {
      timeout: 120_000,
    });
    const kpis = JSON.parse(stdout) as KpiTree;
    const flat = flattenKpis(kpis);
    expect(flat.month).toBe("2026-03");
    expect(flat["tickets.total"]).toBe(2);
    expect(flat["tickets.escalation_rate"]).toBe(0.5);
    expect(flat["tickets.repeat_rate"]).toBe(0.5); // T2 repeats T1 (same client, same category)
    expect(flat["sla.emergency.compliance"]).toBe(1);
    expect(flat["sla.emergency.response_compliance"]).toBe(1);
    expect(flat["sla.standard.on_target"]).toBe(1);
    expect(flat["csat.mean"]).toBe(4.5);
    expect(flat["clients.active"]).toBe(1);
    expect(flat["retention.logo_12m"]).toBe(1);
    expect(flat["retention.grr_12m"]).toBe(1);
    // optional exports absent → null, not 0
    for (const key of ["nps.score", "nps.responses", "projects.completed", "projects.on_time_rate", "projects.ttv_median_days", "visits.total", "payments.on_time_rate", "workload.senior_engineer.demand_hours", "triggers.second_engineer.fired"]) {
      expect(flat[key], key).toBeNull();
    }
    const settings = loadSettings();
    const effortHours = (30 + settings.workload.support_manager.default_effort_minutes.standard) / 60;
    expect(flat["workload.support_manager.demand_hours"]).toBeCloseTo(effortHours, 12);
    expect(flat["triggers.second_support_manager.fired"]).toBe(false);
    for (const role of ["support_manager", "success_manager", "implementation_manager", "senior_engineer", "head"]) {
      for (const f of ["demand_hours", "capacity_hours", "utilization", "status"]) expect(Object.keys(flat)).toContain(`workload.${role}.${f}`);
    }
  });

  it("prints a Russian summary without --json and fails clearly on a bad month", async () => {
    const { stdout } = await run("node", [BIN, "metrics", "--data", dir, "--month", "2026-03", "--as-of", "2026-04-15T12:00"], { timeout: 120_000 });
    expect(stdout).toContain("KPI отдела сопровождения за март 2026");
    expect(stdout).toContain("Нагрузка");
    expect(stdout).toContain("нет данных");
    const bad = await run("node", [BIN, "metrics", "--data", dir, "--month", "2026-13", "--json"]).catch((e: { code: number; stderr: string }) => e);
    expect((bad as { code: number }).code).toBe(1);
    expect((bad as { stderr: string }).stderr).toContain("ГГГГ-ММ");
  });
});
