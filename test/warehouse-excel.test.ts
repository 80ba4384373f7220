// Excel exports into the warehouse: an .xlsx written by exceljs (date cells and text dates) and
// Bitrix24's «Экспорт в Excel» (an HTML table saved as .xls); rejects name the sheet row.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importExports } from "../loaders/warehouse/import.ts";
import { openWarehousePipeline } from "../loaders/warehouse/read.ts";
import { SAMPLE_DIR } from "./helpers/month-exports.ts";

const CLOCK = new Date("2026-11-30T12:00:00Z");
let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "warehouse-excel-"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function ticketsOf(db: string): Promise<Record<string, { created: string; priority: string; assignee: string | null }>> {
  const pipeline = await openWarehousePipeline(db, { clock: CLOCK });
  try {
    const rows = (await pipeline.connection.runAndReadAll("SELECT ticket_id, strftime(created_at, '%Y-%m-%dT%H:%M:%SZ'), priority, assignee FROM tickets")).getRows();
    return Object.fromEntries(rows.map((r) => [String(r[0]), { created: String(r[1]), priority: String(r[2]), assignee: r[3] === null ? null : String(r[3]) }]));
  } finally {
    pipeline.connection.closeSync();
    pipeline.instance.closeSync();
  }
}

describe("Excel input", () => {
  it(".xlsx: date cells are Moscow wall-clock, text dates are read, a bad row is rejected by its sheet row", async () => {
    const db = join(root, "xlsx.duckdb");
    await importExports([join(SAMPLE_DIR, "clients.csv")], { dbPath: db, waitMs: 1000, clock: CLOCK });
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Обращения");
    sheet.addRow(["ID обращения", "Клиент", "Дата создания", "Приоритет", "Ответственный"]);
    sheet.addRow(["X-1", "C-0001", new Date(Date.UTC(2026, 9, 5, 10, 15, 0)), "Стандартное", "Орлова Марина"]);
    sheet.addRow(["X-2", "C-0002", "06.10.2026 09:00", "Экстренное", null]);
    sheet.addRow([]);
    sheet.addRow(["X-3", "C-0003", "не дата", "Стандартное", "Орлова Марина"]);
    const file = join(root, "Выгрузка октябрь.xlsx");
    await workbook.xlsx.writeFile(file);

    const summary = await importExports([file], { dbPath: db, waitMs: 1000, clock: CLOCK });
    const outcome = summary.imports[0]!;
    expect(outcome.files[0]).toMatchObject({ table: "tickets", sheet: "Обращения" });
    expect(outcome.tables[0]).toMatchObject({ table: "tickets", read: 3, accepted: 2, rejected: 1, new: 2 });
    expect(outcome.rejects).toHaveLength(1);
    expect(outcome.rejects[0]).toMatchObject({ line: 5, field: "created_at", code: "invalid_timestamp" });
    expect(outcome.rejects[0]!.message).toMatch(/^Выгрузка октябрь\.xlsx, лист «Обращения», строка 5, поле «created_at»/);
    const tickets = await ticketsOf(db);
    expect(tickets["X-1"]).toEqual({ created: "2026-10-05T07:15:00Z", priority: "standard", assignee: "Орлова Марина" });
    expect(tickets["X-2"]).toEqual({ created: "2026-10-06T06:00:00Z", priority: "emergency", assignee: null });
    expect(tickets["X-3"]).toBeUndefined();
  });

  it("Bitrix24 «Экспорт в Excel» (HTML table as .xls): Russian headers, entities, the bad row named by its sheet row", async () => {
    const db = join(root, "html.duckdb");
    const html = `<html>
<head><meta http-equiv="Content-type" content="text/html;charset=utf-8" /></head>
<body>
<table border="1">
<tr><td>ID обращения</td><td>Клиент</td><td>Дата создания</td><td>Приоритет</td><td>Ответственный</td></tr>
<tr><td>B-1</td><td>C-0001</td><td>05.10.2026 10:15:00</td><td>Стандартное</td><td>Орлова &quot;Марина&quot;</td></tr>
<tr><td>B-2</td><td>C-0002</td><td>06.10.2026 09:00:00</td><td>Приоритет &amp; срочно</td><td>Иванов&nbsp;Пётр</td></tr>
<tr><td>B-3</td><td>C-0003</td><td>07.10.2026 11:30:00</td><td>Экстренное</td><td></td></tr>
</table>
</body>
</html>`;
    const folder = mkdtempSync(join(root, "bitrix-"));
    writeFileSync(join(folder, "tickets.xls"), html);
    writeFileSync(join(folder, "clients.csv"), "client_id,name,contract_start\nC-0001,А,2020-01-01\nC-0002,Б,2020-01-01\nC-0003,В,2020-01-01\n");
    const summary = await importExports([folder], { dbPath: db, waitMs: 1000, clock: CLOCK });
    const outcome = summary.imports[0]!;
    expect(outcome.files.map((f) => [f.table, f.sheet])).toEqual([["tickets", "HTML"], ["clients", null]]);
    expect(outcome.tables.find((t) => t.table === "tickets")).toMatchObject({ read: 3, accepted: 2, rejected: 1 });
    expect(outcome.rejects[0]).toMatchObject({ line: 3, field: "priority", code: "unknown_enum" });
    expect(outcome.rejects[0]!.message).toMatch(/^tickets\.xls, лист «HTML», строка 3, поле «priority».*«Приоритет & срочно»/);
    const tickets = await ticketsOf(db);
    expect(tickets["B-1"]).toEqual({ created: "2026-10-05T07:15:00Z", priority: "standard", assignee: 'Орлова "Марина"' });
    expect(tickets["B-3"]).toEqual({ created: "2026-10-07T08:30:00Z", priority: "emergency", assignee: null });
  });
});
