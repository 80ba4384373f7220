/**
 * Working-minute calendars as plain data (no Node code: the browser gets them from the
 * calibration JSON). The production calendar itself is read on the Node side
 * (loaders/simulator/calendar.ts); here are only the two synthetic ones the engine needs:
 * 24×7 (queue-only validation) and «weekdays only» (explicitly marked, for years the production
 * calendar does not cover yet).
 */
import { addMonths, daysInMonth, firstWeekdayOf } from "../months.js";
import type { CalendarMonth, WorkingCalendar } from "./types.js";

export function calendar24x7(startMonth: string, months: number): WorkingCalendar {
  const out: CalendarMonth[] = [];
  for (let i = 0; i < months; i++) {
    const month = addMonths(startMonth, i);
    out.push({ month, workingMinutesByDay: new Array<number>(daysInMonth(month)).fill(1440), firstWeekday: firstWeekdayOf(month), source: "24x7" });
  }
  return { workdayStartMinute: 0, months: out };
}

/** Mon–Fri working days of `minutesPerDay`, Sat/Sun off: an approximation, marked source "weekdays". */
export function weekdaysMonth(month: string, minutesPerDay: number): CalendarMonth {
  const first = firstWeekdayOf(month);
  const days = daysInMonth(month);
  const minutes: number[] = [];
  for (let d = 0; d < days; d++) {
    const weekday = ((first - 1 + d) % 7) + 1;
    minutes.push(weekday <= 5 ? minutesPerDay : 0);
  }
  return { month, workingMinutesByDay: minutes, firstWeekday: first, source: "weekdays" };
}

/** One full-time employee's norm of working time in the month, minutes: its staffNormMinutes, else (24×7) its working minutes. */
export function staffNormMinutesOf(month: CalendarMonth): number {
  return month.staffNormMinutes ?? month.workingMinutesByDay.reduce((sum, minutes) => sum + minutes, 0);
}

/** The calendar's months from `startMonth` on, `count` of them; a missing month is an error naming it. */
export function sliceCalendar(calendar: WorkingCalendar, startMonth: string, count: number): CalendarMonth[] {
  const index = calendar.months.findIndex((m) => m.month === startMonth);
  if (index < 0) throw new RangeError(`Календарь рабочего времени не содержит месяц ${startMonth}`);
  const slice = calendar.months.slice(index, index + count);
  for (let i = 0; i < count; i++) {
    const expected = addMonths(startMonth, i);
    if (slice[i]?.month !== expected) throw new RangeError(`Календарь рабочего времени не содержит месяц ${expected}`);
  }
  return slice;
}
