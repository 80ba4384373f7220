/**
 * The simulator's working-minute calendar (plain data for the engine and the browser) built from
 * the production calendar. A month in a year the production calendar does not cover yet is NOT
 * guessed silently: it is built on weekdays only, marked `source: "weekdays"`, and named in `notes`.
 */
import { CalendarError, businessDays, normHoursInMonth, parseClockMinutes } from "../calendar/business-calendar.ts";
import type { CalendarSettings } from "../settings.ts";
import { addMonths, daysInMonth, firstWeekdayOf } from "../../src/core/months.ts";
import type { CalendarMonth, WorkingCalendar } from "../../src/core/simulator/types.ts";
import { calendar24x7, weekdaysMonth } from "../../src/core/simulator/working-calendar.ts";

export interface SimulatorCalendar {
  calendar: WorkingCalendar;
  /** Russian notes: years simulated on weekdays only */
  notes: string[];
}

export function simulatorCalendar(
  startMonth: string,
  months: number,
  settings: CalendarSettings,
  calendarDir?: string,
  hoursPerWeek = 40,
): SimulatorCalendar {
  if (settings.mode === "24x7") return { calendar: calendar24x7(startMonth, months), notes: [] };
  // staff work the legal norm whatever the ticket clocks do (normHoursInMonth); a weekdays-only month: hoursPerWeek / 5 a weekday
  const normMinutesPerDay = (hoursPerWeek / 5) * 60;
  const open = parseClockMinutes(settings.workday_start, "calendar.workday_start");
  const close = parseClockMinutes(settings.workday_end, "calendar.workday_end");
  const out: CalendarMonth[] = [];
  const missingYears = new Set<number>();
  for (let i = 0; i < months; i++) {
    const month = addMonths(startMonth, i);
    const last = `${month}-${String(daysInMonth(month)).padStart(2, "0")}`;
    try {
      const days = businessDays(`${month}-01`, last, settings, calendarDir ? { calendarDir } : {});
      const staffNormMinutes = normHoursInMonth(month, settings, hoursPerWeek, calendarDir ? { calendarDir } : {}) * 60;
      out.push({ month, workingMinutesByDay: days.map((d) => d.workMinutes), firstWeekday: firstWeekdayOf(month), source: "production", staffNormMinutes });
    } catch (error) {
      if (!(error instanceof CalendarError)) throw error;
      missingYears.add(Number(month.slice(0, 4)));
      const weekdays = weekdaysMonth(month, close - open);
      out.push({ ...weekdays, staffNormMinutes: weekdays.workingMinutesByDay.filter((m) => m > 0).length * normMinutesPerDay });
    }
  }
  const notes = [...missingYears].map(
    (y) => `Производственного календаря на ${y} год нет: месяцы ${y} года смоделированы по будням (пн–пт) без праздников.`,
  );
  return { calendar: { workdayStartMinute: open, months: out }, notes };
}
