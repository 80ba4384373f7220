import { describe, expect, it } from "vitest";
import {
  addMonths,
  dataSourceRu,
  defaultMonthOf,
  formatInstantDay,
  localDayOf,
  formatDay,
  formatDayRange,
  formatDurationMinutes,
  formatMonth,
  formatMonthGenitive,
  formatMonthShort,
  formatNumber,
  formatNumberUpTo,
  roundDecimal,
  formatPercent,
  formatPointsChange,
  formatSignedNumber,
  pluralRu,
} from "../src/core/format.ts";

const S = "\u00a0"; // no-break space

describe("ru-RU number formats", () => {
  it("groups thousands with a no-break space and uses a decimal comma", () => {
    expect(formatNumber(1234.5)).toBe(`1${S}234,5`);
    expect(formatNumber(1234567)).toBe(`1${S}234${S}567`);
    expect(formatNumber(999)).toBe("999");
    expect(formatNumber(0.25, 2)).toBe("0,25");
    expect(formatNumber(-1234.56, 1)).toBe(`\u22121${S}234,6`);
  });
  it("never prints a negative zero", () => {
    expect(formatNumber(-0.01, 1)).toBe("0,0");
  });
  it("shows «нет данных» for missing values", () => {
    expect(formatNumber(null)).toBe("нет данных");
    expect(formatNumber(Number.NaN)).toBe("нет данных");
    expect(formatPercent(undefined)).toBe("нет данных");
  });
  it("formats fractions as percent", () => {
    expect(formatPercent(0.934)).toBe(`93,4${S}%`);
    expect(formatPercent(0.95, 0)).toBe(`95${S}%`);
    expect(formatPercent(1)).toBe(`100,0${S}%`);
  });
  it("formats signed changes", () => {
    expect(formatPointsChange(0.012)).toBe(`+1,2${S}п.${S}п.`);
    expect(formatPointsChange(-0.02)).toBe(`\u22122,0${S}п.${S}п.`);
    expect(formatPointsChange(0)).toBe(`0,0${S}п.${S}п.`);
    expect(formatSignedNumber(12)).toBe("+12");
    expect(formatSignedNumber(-3.5)).toBe("\u22123,5");
  });
  it("formats durations", () => {
    expect(formatDurationMinutes(95)).toBe(`1${S}ч 35${S}мин`);
    expect(formatDurationMinutes(30)).toBe(`30${S}мин`);
    expect(formatDurationMinutes(120)).toBe(`2${S}ч`);
  });
});

describe("ru-RU dates", () => {
  it("names months in the nominative", () => {
    expect(formatMonth("2026-03")).toBe("март 2026");
    expect(formatMonth("2025-12")).toBe("декабрь 2025");
    expect(formatMonthShort("2026-05")).toBe("май 2026");
    // after «с», «до»: the genitive («с ноября 2024», not «с ноябрь 2024»)
    expect(formatMonthGenitive("2024-11")).toBe("ноября 2024");
    expect(formatMonthGenitive("2026-03")).toBe("марта 2026");
    expect(formatMonthGenitive(null)).toBe("нет данных");
  });
  it("names days in the genitive", () => {
    expect(formatDay("2026-03-10")).toBe("10 марта 2026");
    expect(formatDayRange("2026-03-10", "2026-03-14")).toBe("10–14 марта");
    expect(formatDayRange("2026-03-30", "2026-04-02")).toBe("30 марта – 2 апреля");
    expect(formatDayRange("2026-03-10", "2026-03-10")).toBe("10 марта");
  });
  it("rounds half away from zero as the number is written, not as the double is stored", () => {
    // 130.35 is stored as 130.34999…: toFixed(1) gives 130.3, a person (and Intl) 130.4
    expect((130.35).toFixed(1)).toBe("130.3");
    expect(roundDecimal(130.35, 1)).toBe(130.4);
    expect(formatNumber(130.35, 1)).toBe("130,4");
    expect(formatNumberUpTo(130.35, 1)).toBe("130,4");
    expect(roundDecimal(1.005, 2)).toBe(1.01);
    expect(roundDecimal(-2.5, 0)).toBe(-3);
    expect(roundDecimal(2.5, 0)).toBe(3);
    expect(roundDecimal(1e-7, 1)).toBe(1e-7);
    expect(formatNumber(-0.04, 1)).toBe("0,0");
    expect(formatNumberUpTo(1234.5, 3)).toBe(`1${S}234,5`);
    expect(formatNumberUpTo(95.00000000000001, 1)).toBe("95");
    expect(formatNumberUpTo(-0.1 * 100, 1)).toBe("\u221210");
  });
  it("dates an instant by its Moscow day, not its UTC day", () => {
    // 22:30 UTC on 24 November is 01:30 on 25 November in Moscow (UTC+3)
    expect(localDayOf("2026-11-24T22:30:00Z")).toBe("2026-11-25");
    expect(formatInstantDay("2026-11-24T22:30:00Z")).toBe("25 ноября 2026");
    expect(formatInstantDay(new Date("2026-11-24T20:59:59Z"))).toBe("24 ноября 2026");
    expect(localDayOf("2026-12-31T21:00:00Z")).toBe("2027-01-01");
    expect(localDayOf("2026-11-24T22:30:00Z", "UTC")).toBe("2026-11-24");
    expect(formatInstantDay(null)).toBe("нет данных");
    expect(() => localDayOf("вчера")).toThrow(/вчера/);
  });
  it("rejects a malformed month", () => {
    expect(() => formatMonth("2026-13")).toThrow(/2026-13/);
    expect(() => formatMonth("март")).toThrow(/ГГГГ-ММ/);
  });
  it("shifts months across years", () => {
    expect(addMonths("2026-01", -1)).toBe("2025-12");
    expect(addMonths("2025-12", 1)).toBe("2026-01");
    expect(addMonths("2026-10", -12)).toBe("2025-10");
  });
  it("opens on the last month complete at the as-of, else on the data's last month", () => {
    const months = ["2026-09", "2026-10", "2026-11"];
    expect(defaultMonthOf(months, "2026-11-24T20:59:59.999Z", "Europe/Moscow")).toBe("2026-10");
    expect(defaultMonthOf(months, "2026-11-30T20:59:59.999Z", "Europe/Moscow")).toBe("2026-11");
    expect(defaultMonthOf(["2026-11"], "2026-11-24T20:59:59.999Z", "Europe/Moscow")).toBe("2026-11");
    expect(defaultMonthOf([], "2026-11-24T20:59:59.999Z", "Europe/Moscow")).toBeUndefined();
  });
  it("chooses Russian plural forms", () => {
    const forms = ["обращение", "обращения", "обращений"] as const;
    expect([1, 2, 5, 11, 12, 21, 22, 25, 111, 101].map((n) => pluralRu(n, forms))).toEqual([
      "обращение",
      "обращения",
      "обращений",
      "обращений",
      "обращений",
      "обращение",
      "обращения",
      "обращений",
      "обращений",
      "обращение",
    ]);
  });
});

import { mergeQuery, pickParam, isMonthParam } from "../src/components/url-state.ts";

describe("URL state", () => {
  it("picks allowed values only", () => {
    expect(pickParam("?month=2026-09", "month", isMonthParam, "2026-10")).toBe("2026-09");
    expect(pickParam("?month=2026-13", "month", isMonthParam, "2026-10")).toBe("2026-10");
    expect(pickParam("?p=standard", "p", ["all", "standard"] as const, "all")).toBe("standard");
    expect(pickParam("?p=<script>", "p", ["all", "standard"] as const, "all")).toBe("all");
  });
  it("merges, drops defaults and sorts", () => {
    expect(mergeQuery("?b=1", { month: "2026-09", a: "" }, {})).toBe("?b=1&month=2026-09");
    expect(mergeQuery("?month=2026-09", { month: "2026-10" }, { month: "2026-10" })).toBe("");
    expect(mergeQuery("", { client: "ЖК «Сосны»" })).toBe("?client=%D0%96%D0%9A+%C2%AB%D0%A1%D0%BE%D1%81%D0%BD%D1%8B%C2%BB");
  });
});

describe("dataSourceRu", () => {
  it("names a folder «папка» and a warehouse «хранилище», by the last part of the path", () => {
    expect(dataSourceRu("/srv/exports/sample/", "folder")).toBe("папка «sample»");
    expect(dataSourceRu("C:\\data\\w.duckdb", "warehouse")).toBe("хранилище «w.duckdb»");
    expect(dataSourceRu(null, undefined)).toBe("папка «—»");
  });
});
