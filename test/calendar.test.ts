/**
 * Production calendar (data/calendar) and the pure-TS business-time helpers, against the official
 * calendars (Минтруд / КонсультантПлюс production calendars 2024–2027, 40-hour week) and hand-counted
 * business minutes.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  businessDays,
  businessMinuteProfile,
  businessMinutesBetween,
  dayKind,
  normHoursInMonth,
  workingDaysInMonth,
  workingHoursInMonth,
} from "../loaders/calendar/business-calendar.ts";
import { parseInstant } from "../loaders/calendar/instant.ts";
import {
  DEFAULT_CALENDAR_DIR,
  loadProductionCalendar,
  parseProductionCalendarXml,
  productionDayKind,
} from "../loaders/calendar/production-calendar.ts";
import { loadSettings, type CalendarSettings } from "../loaders/settings.ts";

const calendar: CalendarSettings = loadSettings().calendar;
const msk = (local: string) => new Date(`${local}+03:00`);

describe("production calendar: concrete days", () => {
  const cases: [string, "work" | "short" | "off"][] = [
    // 2024
    ["2024-01-08", "off"], // New Year holidays
    ["2024-01-09", "work"],
    ["2024-02-22", "short"],
    ["2024-04-27", "work"], // working Saturday, named only by 04.29 f="04.27"
    ["2024-04-29", "off"],
    ["2024-04-30", "off"],
    ["2024-05-10", "off"], // transferred from 01.06
    ["2024-11-02", "short"], // working Saturday listed as t="2"
    ["2024-12-28", "work"], // working Saturday, named only by 12.30 f="12.28"
    ["2024-12-29", "off"], // ordinary Sunday
    ["2024-12-30", "off"],
    ["2024-12-31", "off"],
    // 2025
    ["2025-01-08", "off"],
    ["2025-01-09", "work"],
    ["2025-03-07", "short"],
    ["2025-05-02", "off"],
    ["2025-05-08", "off"],
    ["2025-06-13", "off"],
    ["2025-11-01", "short"], // correction: shortened working Saturday
    ["2025-11-03", "off"],
    ["2025-12-30", "work"],
    ["2025-12-31", "off"],
    // 2026
    ["2026-01-09", "off"], // transferred from 01.03
    ["2026-01-12", "work"],
    ["2026-02-23", "off"],
    ["2026-03-09", "off"],
    ["2026-04-30", "short"],
    ["2026-05-08", "short"],
    ["2026-05-11", "off"],
    ["2026-06-11", "short"],
    ["2026-11-03", "short"],
    ["2026-12-31", "off"],
    // 2027
    ["2027-01-01", "off"],
    ["2027-01-04", "off"],
    ["2027-01-08", "off"],
    ["2027-01-11", "work"],
    ["2027-02-20", "short"], // working Saturday, pre-holiday
    ["2027-02-22", "off"],
    ["2027-05-03", "off"],
    ["2027-11-05", "off"],
    ["2027-12-31", "off"],
  ];
  it.each(cases)("%s is %s", (date, kind) => {
    expect(dayKind(date, calendar)).toBe(kind);
  });

  it("an ordinary weekday is a working day and an ordinary weekend day off", () => {
    expect(dayKind("2026-03-11", calendar)).toBe("work"); // Wednesday
    expect(dayKind("2026-03-14", calendar)).toBe("off"); // Saturday
    expect(dayKind("2026-03-15", calendar)).toBe("off"); // Sunday
  });

  it("a date outside the covered years is an error naming the year", () => {
    expect(() => dayKind("2028-01-10", calendar)).toThrow(
      "Производственный календарь не содержит 2028 год: добавьте data/calendar/ru-2028.xml",
    );
    expect(() => dayKind("2023-12-29", calendar)).toThrow("не содержит 2023 год");
    expect(() => businessDays("2027-12-01", "2028-01-31", calendar)).toThrow("не содержит 2028 год");
    expect(() => workingDaysInMonth("2028-02", calendar)).toThrow("не содержит 2028 год");
  });
});

describe("production calendar: month and year totals", () => {
  // Official calendars (40-hour week): [month, working days, norm hours]
  const months: [string, number, number][] = [
    ["2024-01", 17, 136],
    ["2024-04", 21, 168], // working Saturday 27 April, 29–30 April off
    ["2024-11", 21, 167], // 2 November shortened working Saturday
    ["2024-12", 21, 168], // 28 December working, 30–31 off
    ["2025-05", 18, 144],
    ["2025-11", 19, 151], // 1 November shortened (the correction)
    ["2025-12", 22, 176],
    ["2026-01", 15, 120],
    ["2026-02", 19, 152],
    ["2026-05", 19, 151],
    ["2027-02", 19, 151], // 20 February shortened working Saturday
    ["2027-05", 19, 152],
  ];
  it.each(months)("%s: %i working days, %i norm hours", (month, days, hours) => {
    expect(workingDaysInMonth(month, calendar)).toBe(days);
    expect(normHoursInMonth(month, calendar)).toBe(hours);
  });

  // Year totals counted from the data (data/calendar/README.md). Official: 2024 248 days /
  // 1979 h; 2025 247 / 1972 (with the 1 November correction; 1973 without).
  const years: [number, number, number, number][] = [
    [2024, 248, 1979, 5],
    [2025, 247, 1972, 4],
    [2026, 247, 1972, 4],
    [2027, 247, 1972, 4],
  ];
  it.each(years)("%i: %i working days, %i hours, %i shortened days", (year, days, hours, shortened) => {
    const monthsOfYear = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, "0")}`);
    expect(monthsOfYear.reduce((s, m) => s + workingDaysInMonth(m, calendar), 0)).toBe(days);
    expect(monthsOfYear.reduce((s, m) => s + normHoursInMonth(m, calendar), 0)).toBe(hours);
    // window hours: 9 h a day, 8 h on a shortened day
    expect(monthsOfYear.reduce((s, m) => s + workingHoursInMonth(m, calendar), 0)).toBe(days * 9 - shortened);
    const kinds = businessDays(`${year}-01-01`, `${year}-12-31`, calendar).map((d) => d.kind);
    expect(kinds.filter((k) => k === "short").length).toBe(shortened);
  });

  it("working hours of a month follow the window setting", () => {
    expect(workingHoursInMonth("2025-11", calendar)).toBe(19 * 9 - 1);
    expect(workingHoursInMonth("2025-11", { ...calendar, workday_start: "10:00", workday_end: "18:30" })).toBe(19 * 8.5 - 1);
    // the production calendar holds for staff whatever the SLA mode
    expect(workingDaysInMonth("2026-01", { ...calendar, mode: "24x7" })).toBe(15);
  });
});

describe("production calendar: data files", () => {
  it("parses the f-attribute rule: a named weekend date works unless it is a holiday", () => {
    const xml = `<calendar year="2024"><days>
      <day d="01.06" t="1" h="1"/><day d="04.29" t="1" f="04.27"/><day d="05.10" t="1" f="01.06"/>
    </days></calendar>`;
    const year = parseProductionCalendarXml(xml, "test.xml");
    const cal = { dir: "x", years: new Map([[2024, year]]) };
    expect(productionDayKind(cal, "2024-04-27")).toBe("work"); // Saturday named by f
    expect(productionDayKind(cal, "2024-01-06")).toBe("off"); // named by f but a holiday
    expect(productionDayKind(cal, "2024-04-28")).toBe("off"); // ordinary Sunday
  });

  it("rejects malformed entries naming the file and the entry", () => {
    expect(() => parseProductionCalendarXml(`<calendar year="2024"><day d="13.01" t="1"/></calendar>`, "bad.xml")).toThrow(
      'bad.xml: <day d="13.01" t="1">: несуществующая дата «13.01» в 2024 году',
    );
    expect(() => parseProductionCalendarXml(`<calendar year="2024"><day d="1.1" t="1"/></calendar>`, "bad.xml")).toThrow(
      "дата «1.1» не в формате ММ.ДД",
    );
    expect(() => parseProductionCalendarXml(`<calendar year="2024"><day d="02.30" t="1"/></calendar>`, "bad.xml")).toThrow(
      "несуществующая дата",
    );
    expect(() => parseProductionCalendarXml(`<calendar year="2024"><day d="01.02" t="7"/></calendar>`, "bad.xml")).toThrow(
      'неизвестный тип дня t="7"',
    );
    expect(() => parseProductionCalendarXml(`<days></days>`, "bad.xml")).toThrow("bad.xml: нет элемента <calendar");
  });

  it("a new year loads by dropping in a file; corrections are data", () => {
    const dir = mkdtempSync(join(tmpdir(), "calendar-"));
    for (const y of [2025, 2026]) copyFileSync(join(DEFAULT_CALENDAR_DIR, `ru-${y}.xml`), join(dir, `ru-${y}.xml`));
    // without corrections.json the data set's own t="3" stands: 1 November 2025 is a full day
    expect(dayKind("2025-11-01", calendar, { calendarDir: dir })).toBe("work");
    const dir2 = mkdtempSync(join(tmpdir(), "calendar-"));
    for (const y of [2025, 2026]) copyFileSync(join(DEFAULT_CALENDAR_DIR, `ru-${y}.xml`), join(dir2, `ru-${y}.xml`));
    copyFileSync(join(DEFAULT_CALENDAR_DIR, "corrections.json"), join(dir2, "corrections.json"));
    writeFileSync(
      join(dir2, "ru-2028.xml"),
      `<?xml version="1.0"?><calendar year="2028"><days><day d="01.03" t="1" h="1"/><day d="01.10" t="3"/></days></calendar>`,
    );
    expect(dayKind("2025-11-01", calendar, { calendarDir: dir2 })).toBe("short");
    expect(dayKind("2028-01-03", calendar, { calendarDir: dir2 })).toBe("off");
    expect(dayKind("2028-01-04", calendar, { calendarDir: dir2 })).toBe("work");
    expect(loadProductionCalendar(dir2).years.has(2027)).toBe(false);
    expect(() => dayKind("2027-01-04", calendar, { calendarDir: dir2 })).toThrow("не содержит 2027 год");
  });

  it("the file name must match its year", () => {
    const dir = mkdtempSync(join(tmpdir(), "calendar-"));
    writeFileSync(join(dir, "ru-2030.xml"), readFileSync(join(DEFAULT_CALENDAR_DIR, "ru-2026.xml"), "utf8"));
    expect(() => loadProductionCalendar(dir)).toThrow("ru-2030.xml: в файле 2026 год, а в имени файла 2030");
  });
});

describe("businessMinutesBetween (reference implementation)", () => {
  const cases: [string, string, string, number][] = [
    ["same day inside the window", "2026-03-11T10:00", "2026-03-11T12:30", 150],
    ["before opening → from 09:00", "2026-03-11T07:00", "2026-03-11T09:30", 30],
    ["after closing → nothing that day", "2026-03-11T18:30", "2026-03-12T09:15", 15],
    ["over a weekend", "2026-03-13T17:00", "2026-03-16T10:00", 120],
    ["Saturday + holiday Monday 9 March 2026", "2026-03-07T12:00", "2026-03-10T10:30", 90],
    ["shortened day ends 17:00 (30 April 2026)", "2026-04-30T16:00", "2026-05-04T10:00", 120],
    ["New Year: 30 Dec 2025 17:00 → 12 Jan 2026 10:00", "2025-12-30T17:00", "2026-01-12T10:00", 120],
    ["working Saturday 28 Dec 2024 over the New Year", "2024-12-27T17:00", "2025-01-09T12:00", 60 + 540 + 180],
    ["shortened working Saturday 1 Nov 2025", "2025-11-01T16:30", "2025-11-05T09:30", 60],
    ["a full week", "2026-03-16T09:00", "2026-03-23T09:00", 5 * 540],
    ["seconds count", "2026-03-11T09:00:00", "2026-03-11T09:15:30", 15.5],
  ];
  it.each(cases)("%s", (_name, from, to, minutes) => {
    expect(businessMinutesBetween(msk(from), msk(to), calendar)).toBe(minutes);
  });

  it("converts from UTC: 05:59 UTC is 08:59 Moscow, before opening", () => {
    expect(businessMinutesBetween(new Date("2026-03-11T05:59:00Z"), new Date("2026-03-11T06:15:00Z"), calendar)).toBe(15);
    expect(businessMinutesBetween(new Date("2026-03-11T14:59:00Z"), new Date("2026-03-11T15:30:00Z"), calendar)).toBe(1);
  });

  it("24x7 counts every minute", () => {
    const s = { ...calendar, mode: "24x7" as const };
    expect(businessMinutesBetween(msk("2026-03-07T12:00"), msk("2026-03-10T10:30"), s)).toBe(2 * 1440 + 22 * 60 + 30);
    expect(businessMinutesBetween(msk("2028-01-01T00:00"), msk("2028-01-01T01:00"), s)).toBe(60); // no calendar needed
  });

  it("the compact profile agrees with the reference", () => {
    const profile = businessMinuteProfile("2024-01-01", "2027-12-31", calendar);
    expect(profile.cumMinutesBefore[profile.cumMinutesBefore.length - 1]).toBe((248 + 247 * 3) * 540 - 17 * 60);
    for (const [, from, to, minutes] of cases) expect(profile.minutesBetween(msk(from), msk(to))).toBe(minutes);
    expect(() => profile.positionMinutes(new Date("2028-01-02T12:00:00Z"))).toThrow("вне диапазона календаря");
  });
});

describe("parseInstant (--as-of)", () => {
  it("reads offsets, Z and local Moscow time", () => {
    expect(parseInstant("2026-03-31T18:00:00+03:00", "Europe/Moscow").toISOString()).toBe("2026-03-31T15:00:00.000Z");
    expect(parseInstant("2026-03-31T18:00:00Z", "Europe/Moscow").toISOString()).toBe("2026-03-31T18:00:00.000Z");
    expect(parseInstant("2026-03-31T18:00", "Europe/Moscow").toISOString()).toBe("2026-03-31T15:00:00.000Z");
    expect(parseInstant("2026-04-01", "Europe/Moscow").toISOString()).toBe("2026-03-31T21:00:00.000Z");
    expect(parseInstant("2026-03-31 08:59:30-0130", "Europe/Moscow").toISOString()).toBe("2026-03-31T10:29:30.000Z");
  });
  it("rejects what is not a date", () => {
    expect(() => parseInstant("31.03.2026", "Europe/Moscow")).toThrow("--as-of: «31.03.2026» — не дата ISO 8601");
    expect(() => parseInstant("2026-02-30", "Europe/Moscow")).toThrow("не дата ISO 8601");
  });
});
