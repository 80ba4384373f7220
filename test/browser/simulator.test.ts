/**
 * «Симулятор» and «Обоснование найма» in a real Chromium: the worker runs from the bundled
 * source (no network), progress and cancel work, the page stays responsive during a run, the
 * scenario goes into the URL and comes back from it, saved scenarios are compared.
 */
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { cellErrors, useSite } from "./harness.ts";

const site = useSite();

async function waitForStatus(page: Page, pattern: RegExp, timeout = 90_000): Promise<string> {
  const handle = await page.waitForFunction(
    (source) => {
      const text = document.querySelector(".sim-progress-text")?.textContent ?? "";
      return new RegExp(source).test(text) ? text : null;
    },
    pattern.source,
    { timeout },
  );
  return (await handle.jsonValue()) as string;
}

/**
 * Problems other than the browser's own /favicon.ico request (the site has no favicon): its 404
 * shows only as a console line without the URL; a page resource that fails is still reported
 * with its URL as a `request:` problem.
 */
function realProblems(problems: string[]): string[] {
  return problems.filter((p) => !p.includes("favicon.ico") && !/^console: Failed to load resource: .*404/.test(p));
}

describe("«Симулятор»", () => {
  it("runs in a worker with progress, puts the scenario in the URL, compares saved scenarios", async () => {
    const view = await site.open("/simulator");
    const { page } = view;
    await waitForStatus(page, /^Готово/);
    expect(await cellErrors(page)).toEqual([]);
    expect(realProblems(view.problems())).toEqual([]);
    // the advice, the probability chart and the fan charts are there
    await expect(page.locator(".sim-advice").textContent()).resolves.toMatch(/Условие масштабирования/);
    expect(await page.locator(".sim-results svg").count()).toBeGreaterThan(8);
    expect(page.url()).toMatch(/#sim=/);
    // the runs were split over the page's worker pool
    await expect(page.locator(".sim-progress-text").textContent()).resolves.toMatch(/потоков: \d+/);

    // «Проверка прогноза»: coverage and P50 error per metric, the forecasts against the actuals
    const backtest = await page.locator(".sim-backtest table").textContent();
    expect(backtest).toMatch(/Обращений в месяц/);
    expect(backtest).toMatch(/Часы старшего инженера/);
    expect(backtest).toMatch(/Все показатели\s*\d+\s%/);
    expect(await page.locator(".sim-backtest-chart svg").count()).toBeGreaterThan(0);
    const ticketsChart = await page.locator(".sim-backtest-chart").innerHTML();
    await page.locator("select.sim-backtest-metric").selectOption("sla_standard");
    await expect.poll(() => page.locator(".sim-backtest-chart").innerHTML()).not.toBe(ticketsChart);
    await expect(page.locator(".sim-backtest-chart").textContent()).resolves.toMatch(/\d\s*%/);

    // the absences the calibration found on the sample (the support manager's August, the engineer's
    // July) are shaded on the fan charts, each as a month-wide band titled with its month
    const marks = await page.locator('.sim-results g[aria-description="отсутствие"] title').allTextContents();
    expect(marks).toContainEqual(expect.stringMatching(/^август 2027: отсутствие \(P50\) — \d+ раб\. дн\.$/));
    expect(marks).toContainEqual(expect.stringMatching(/^июль 2027: отсутствие/));

    // the preset changes the scenario and re-runs it; the URL remembers it
    await page.getByRole("button", { name: /400\+ обращений/ }).click();
    await expect.poll(() => page.locator(".sim-results h2").first().textContent(), { timeout: 90_000 }).toMatch(/400\+ обращений в месяц/);
    await waitForStatus(page, /^Готово/);
    const url = page.url();
    expect(decodeURIComponent(url)).toMatch(/"mode":"target"/);

    // save two scenarios and compare them side by side
    await page.getByRole("button", { name: "Сохранить для сравнения" }).click();
    // a scenario is saved once
    await expect.poll(() => page.getByRole("button", { name: "Сохранить для сравнения" }).isDisabled()).toBe(true);
    await page.locator('input[name="staff_support_manager"]').fill("2");
    await page.locator('input[name="scenarioName"]').fill("Два менеджера ТП");
    // typing alone does not start a run: the figures and the URL change with «Рассчитать»
    const slaChart = page.locator('.sim-results .exportable[data-filename="simulator-sla_standard"] .exportable-chart');
    const before = await slaChart.innerHTML();
    await page.waitForTimeout(300);
    await expect(page.locator(".sim-progress-text").textContent()).resolves.toMatch(/^Готово/);
    expect(page.url()).toBe(url);
    await page.getByRole("button", { name: "Рассчитать" }).click();
    await expect.poll(() => page.locator(".sim-results h2").first().textContent(), { timeout: 90_000 }).toMatch(/Два менеджера ТП/);
    await waitForStatus(page, /^Готово/);
    // the second support manager changes the SLA fan chart
    expect(await slaChart.innerHTML()).not.toBe(before);
    expect(JSON.parse(decodeURIComponent(new URL(page.url()).hash.slice("#sim=".length)))).toMatchObject({ d: { name: "Два менеджера ТП", staff: { support_manager: 2 } } });
    await page.getByRole("button", { name: "Сохранить для сравнения" }).click();
    await expect.poll(() => page.locator(".sim-compare table").textContent()).toMatch(/Два менеджера ТП/);
    expect(await page.locator(".sim-compare table").textContent()).toMatch(/1\. 400\+ обращений в месяц/);

    // a new page from the URL restores the scenario
    const again = await site.open(new URL(page.url()).pathname + new URL(page.url()).hash);
    await waitForStatus(again.page, /^Готово/);
    await expect(again.page.locator('input[name="staff_support_manager"]').inputValue()).resolves.toBe("2");
    await expect(again.page.locator('input[name="scenarioName"]').inputValue()).resolves.toBe("Два менеджера ТП");
  });

  it("stays responsive during a long run, and the run can be cancelled", async () => {
    const view = await site.open("/simulator");
    const { page } = view;
    await waitForStatus(page, /^Готово/);
    await page.locator('input[name="runs"]').fill("20000");
    await page.locator('input[name="horizon"]').fill("36");
    await page.getByRole("button", { name: "Рассчитать" }).click();
    await waitForStatus(page, /^Прогонов: /, 30_000);
    // the main thread answers within a frame or two while the worker computes
    const latencies = await page.evaluate(async () => {
      const out: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        await new Promise((r) => setTimeout(r, 0));
        out.push(performance.now() - t0);
      }
      return out;
    });
    expect(Math.max(...latencies)).toBeLessThan(200);
    const progress = await page.locator("progress.sim-progress").evaluate((p) => (p as HTMLProgressElement).value);
    expect(progress).toBeGreaterThan(0);
    expect(progress).toBeLessThan(1);
    await page.getByRole("button", { name: "Отмена" }).click();
    await waitForStatus(page, /Расчёт отменён/, 10_000);
    // and a fresh run works after the cancel
    await page.locator('input[name="runs"]').fill("200");
    await page.locator('input[name="horizon"]').fill("12");
    await page.getByRole("button", { name: "Рассчитать" }).click();
    await waitForStatus(page, /^Готово: 200 прогонов/);
    // an absurd number is refused before the run, naming the scenario field
    await page.locator('input[name="perClient"]').fill("1000000000");
    await page.getByRole("button", { name: "Рассчитать" }).click();
    await expect(page.locator(".sim-note-warn").first().textContent()).resolves.toMatch(/поле «tickets\.perClientMonth»: .* больше допустимого \(от 0 до 100\)/);
    await expect(page.locator(".sim-progress-text").textContent()).resolves.toMatch(/^Готово: 200 прогонов/);
    expect(realProblems(view.problems())).toEqual([]);
  });

  it("gives the same results on one worker and on three (chunks taken as the workers get free)", async () => {
    const view = await site.open("/simulator");
    const { page } = view;
    await waitForStatus(page, /^Готово/);
    const resultsOn = async (workers: number): Promise<string | null> => {
      // the page sizes its pool by navigator.hardwareConcurrency when it loads
      await page.context().addInitScript((n) => Object.defineProperty(Navigator.prototype, "hardwareConcurrency", { get: () => n, configurable: true }), workers);
      await page.reload();
      await expect(waitForStatus(page, /^Готово:/)).resolves.toMatch(new RegExp(`потоков: ${workers}(?!\\d)`));
      return page.locator(".sim-results").textContent();
    };
    const one = await resultsOn(1);
    expect(one).toMatch(/\d/);
    expect(await resultsOn(3)).toBe(one);
    expect(realProblems(view.problems())).toEqual([]);
  });
});

describe("«Обоснование найма»", () => {
  it("shows the case per role with and without the hire, and the cost once a salary is entered", async () => {
    const view = await site.open("/hiring");
    const { page } = view;
    await page.waitForFunction(() => document.querySelector(".hr-summary") !== null, null, { timeout: 120_000 });
    expect(await cellErrors(page)).toEqual([]);
    expect(realProblems(view.problems())).toEqual([]);
    const rows = await page.locator(".hr-table tbody tr").count();
    expect(rows).toBe(4);
    await expect(page.locator(".hr-summary").textContent()).resolves.toMatch(/Вывод\./);
    // cover or volume: the scenario is computed once more with everyone at work
    await expect(page.locator(".hr-cover").textContent()).resolves.toMatch(/Найм менеджера ТП оправдан замещением|Найм нужен из-за объёма|SLA выдерживается/);
    expect(await page.locator(".hr-charts svg").count()).toBeGreaterThan(1);
    // every proposed hire says when to open the vacancy, never in the past: «открыть сейчас» when
    // overdue, «в этом месяце» in the decision month (the one before the horizon's first month),
    // else «не позднее <месяца>» of a later month
    const genitive = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"];
    const nominative = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"];
    const pageText = (await page.locator("main").textContent())!;
    const horizon = /горизонт (\S+) (\d{4})/.exec(pageText);
    expect(horizon, "горизонт в сноске").not.toBeNull();
    const startIndex = Number(horizon![2]) * 12 + nominative.indexOf(horizon![1]!);
    expect(nominative.indexOf(horizon![1]!)).toBeGreaterThanOrEqual(0);
    const tableText = (await page.locator(".hr-table").textContent())!;
    for (const [, month, year] of tableText.matchAll(/открыть не позднее (\S+) (\d{4})/g)) {
      expect(genitive.indexOf(month!)).toBeGreaterThanOrEqual(0);
      expect(Number(year) * 12 + genitive.indexOf(month!), `вакансия не позднее ${month} ${year}`).toBeGreaterThanOrEqual(startIndex);
    }
    for (const [, month, year] of tableText.matchAll(/открыть в этом месяце — (\S+) (\d{4})/g)) {
      expect(Number(year) * 12 + nominative.indexOf(month!), `вакансия в этом месяце: ${month} ${year}`).toBe(startIndex - 1);
    }
    const hires = (tableText.match(/выход \S+ \d{4}/g) ?? []).length;
    const vacancies = (tableText.match(/вакансию открыть (сейчас|в этом месяце|не позднее)/g) ?? []).length;
    expect(hires).toBeGreaterThan(0);
    // the status of the three simulations, finished: nothing left to cancel
    await expect(page.locator(".hr-status .sim-progress-text").textContent()).resolves.toBe("Готово");
    expect(await page.getByRole("button", { name: "Отмена" }).isDisabled()).toBe(true);
    expect(vacancies).toBe(hires);
    expect(tableText).toContain("укажите оклад"); // hires are proposed, no salary entered yet
    {
      await page.locator('input[aria-label="Оклад: Менеджер техподдержки"]').fill("120000");
      await page.locator('input[aria-label="Оклад: Менеджер по внедрению"]').fill("120000");
      await page.locator('input[aria-label="Оклад: Старший инженер"]').fill("120000");
      await page.locator('input[aria-label="Оклад: Менеджер по сопровождению клиентов (МОС)"]').fill("120000");
      // 120 000 ₽ × months × 1,302 for the company, in the conclusion
      await expect.poll(() => page.locator(".hr-summary").textContent()).toMatch(/для компании — оклады \d[\d\u00a0 ]* ₽ и страховые взносы 30,2/);
      await expect.poll(() => page.locator(".hr-table").textContent()).toMatch(/\d[\d\u00a0 ]* ₽ \(\d+ мес\.\); с взносами — \d[\d\u00a0 ]* ₽/);
      const number = (text: string) => Number(text.replace(/[\s\u00a0]/g, ""));
      const costs = [...(await page.locator(".hr-table").textContent())!.matchAll(/(\d[\d\u00a0 ]*) ₽ \((\d+) мес\.\); с взносами — (\d[\d\u00a0 ]*) ₽/g)];
      expect(costs.length).toBeGreaterThan(0);
      for (const [, salaries, months, withContributions] of costs) {
        expect(number(salaries!)).toBe(120_000 * Number(months));
        expect(number(withContributions!)).toBe(Math.round(120_000 * Number(months) * 1.302));
      }
    }
  });
});
