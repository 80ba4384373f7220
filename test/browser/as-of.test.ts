/**
 * The data's own date in the built site (the committed sample, generated as of 24 November 2026):
 * every page says «Данные на 24 ноября 2026»; the report opens on October 2026, the last complete
 * month; November can be chosen and then says it is incomplete and compares no 24 days with 31.
 */
import { describe, expect, it } from "vitest";
import { sitePages, useSite } from "./harness.ts";

const site = useSite();
const SAMPLE_DAY = "24 ноября 2026";

describe("«Данные на <день>» on every page", async () => {
  const pages = await sitePages();
  for (const { name, path } of pages) {
    it(`${name} (${path})`, async () => {
      const view = await site.open(path);
      const lines = await view.page.$$eval(".data-as-of", (nodes) => nodes.map((n) => n.textContent ?? ""));
      expect(lines).toEqual([`Данные на ${SAMPLE_DAY}`]);
      expect(view.problems()).toEqual([]);
      await view.context.close();
    });
  }
  it("covers the nine pages", () => expect(pages.length).toBeGreaterThanOrEqual(9));
});

describe("the report and the last complete month", () => {
  it("opens on October 2026 with whole-month comparisons", async () => {
    const view = await site.open("/");
    expect(await view.page.evaluate(() => document.body.dataset.reportMonth)).toBe("2026-10");
    const title = await view.page.textContent("#report-month");
    expect(title).toBe("Октябрь 2026");
    const changes = await view.page.textContent(".kpi-card[data-kpi='tickets.total'] .kpi-changes");
    expect(changes).toContain("к сен 2026:");
    await view.context.close();
  });

  it("November 2026 says it is incomplete and compares the same days only", async () => {
    const view = await site.open("/");
    await view.page.selectOption("select", { label: "ноябрь 2026 (не завершён)" });
    await view.page.waitForFunction(() => document.body.dataset.reportMonth === "2026-11");
    await view.page.waitForFunction(() => document.querySelector("#report-month")?.textContent?.includes("не завершён"));
    expect(await view.page.textContent("#report-month")).toBe("Ноябрь 2026 — месяц не завершён: данные по 24 ноября");

    const cards = await view.page.$$eval(".kpi-card", (nodes) =>
      nodes.map((n) => ({
        kpi: (n as HTMLElement).dataset.kpi,
        comparison: (n.querySelector(".kpi-changes") as HTMLElement | null)?.dataset.comparison,
        text: n.querySelector(".kpi-changes")?.textContent ?? "",
      })),
    );
    const tickets = cards.find((c) => c.kpi === "tickets.total")!;
    expect(tickets.comparison).toBe("same_days");
    expect(tickets.text).toContain("к 1–24 октября: +14");
    expect(tickets.text).toContain("к 1–24 ноября 2025: +50");
    expect(tickets.text).not.toContain("окт 2026");
    // every other card but the visits makes no comparison
    for (const card of cards.filter((c) => c.kpi !== "tickets.total" && c.kpi !== "visits.total")) {
      expect(card, card.kpi).toMatchObject({ comparison: "none", text: "месяц не завершён — не сравнивается" });
    }

    const narrative = await view.page.$$eval(".narrative li", (items) => items.map((i) => i.textContent ?? ""));
    const volume = narrative.find((t) => t.startsWith("Обращений за"))!;
    expect(volume).toContain("Обращений за 1–24 ноября (месяц не завершён): 273");
    expect(volume).toContain("1–24 октября (259)");
    expect(volume).not.toContain("332");
    expect(narrative.join("\n")).not.toContain("к прошлому месяцу");
    // the trend charts end on the incomplete month and say so
    expect(await view.page.textContent("main")).toContain("Последний месяц на графиках, ноябрь 2026, — месяц не завершён: данные по 24 ноября.");
    expect(view.problems()).toEqual([]);
    await view.context.close();
  });
});
