/**
 * The absence settings of a scenario (simulator.absences) against SCENARIO_BOUNDS: each field's
 * range, the leave parts against the year's leave, the schedule's shape — Russian messages that
 * name the field's JSON path, as for every other scenario field.
 */
import { describe, expect, it } from "vitest";
import { loadSettings } from "../loaders/settings.ts";
import { defaultScenario } from "../loaders/simulator/defaults.ts";
import { scenarioBoundsProblem } from "../src/core/simulator/scenario-bounds.ts";
import type { Scenario } from "../src/core/simulator/types.ts";

const base = defaultScenario(loadSettings(), "2027-01");
/** the base scenario with absence fields replaced as they are, wrong types included (as a file or the page's form may give them) */
const withAbsences = (absences: Record<string, unknown>): Scenario => ({ ...base, absences: { ...base.absences, ...absences } as Scenario["absences"] });

describe("absence bounds", () => {
  it("the settings' defaults and a scheduled leave are within the bounds", () => {
    expect(scenarioBoundsProblem(base)).toBeNull();
    expect(scenarioBoundsProblem(withAbsences({ schedule: [{ role: "support_manager", start: "2027-08-03", days: 14 }] }))).toBeNull();
  });

  it("each number outside its range is named with the range", () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ leaveDaysPerYear: 400 }, "поле «absences.leaveDaysPerYear»: 400 — больше допустимого (от 0 до 182)"],
      [{ leaveDaysPerYear: -1 }, "поле «absences.leaveDaysPerYear»: -1 — меньше допустимого (от 0 до 182)"],
      [{ leaveLongestPartMinDays: "14" }, "поле «absences.leaveLongestPartMinDays»: ожидается число от 0 до 182, получено \"14\""],
      [{ sickEpisodesPerYear: 60 }, "поле «absences.sickEpisodesPerYear»: 60 — больше допустимого (от 0 до 50)"],
      [{ sickEpisodeDays: 121 }, "поле «absences.sickEpisodeDays»: 121 — больше допустимого (от 0 до 120)"],
      [{ headCoverShare: 1.5 }, "поле «absences.headCoverShare»: 1,5 — больше допустимого (от 0 до 1)"],
      [{ headCoverShare: Number.NaN }, "поле «absences.headCoverShare»: ожидается число от 0 до 1"],
      [{ schedule: [{ role: "support_manager", start: "2027-08", days: 3.5 }] }, "поле «absences.schedule[0].days»: ожидается целое число, получено 3,5"],
      [{ schedule: [{ role: "support_manager", start: "2027-08", days: 0 }] }, "поле «absences.schedule[0].days»: 0 — меньше допустимого (от 1 до 182)"],
    ];
    for (const [absences, says] of cases) expect(scenarioBoundsProblem(withAbsences(absences)), JSON.stringify(absences)).toContain(says);
  });

  it("leave parts longer than the year's leave, a bad schedule and non-boolean switches are named", () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ leaveDaysPerYear: 10, leaveLongestPartMinDays: 14 }, "поле «absences.leaveLongestPartMinDays»: 14 — больше отпуска за год (absences.leaveDaysPerYear = 10)"],
      [{ schedule: [{ role: "support_manager", start: "2027-08", days: 30 }] }, "поле «absences.schedule[0].days»: 30 — больше отпуска за год (absences.leaveDaysPerYear = 28)"],
      [{ schedule: [{ role: "boss", start: "2027-08", days: 14 }] }, "поле «absences.schedule[0].role»: \"boss\" — допустимо: support_manager"],
      [{ schedule: [{ role: "senior_engineer", start: "2027-8", days: 14 }] }, "поле «absences.schedule[0].start»: ожидается «ГГГГ-ММ» или «ГГГГ-ММ-ДД», получено \"2027-8\""],
      [{ schedule: "июль" }, "поле «absences.schedule»: ожидается массив частей отпуска"],
      [{ schedule: [7] }, "поле «absences.schedule[0]»: ожидается объект"],
      [{ enabled: "да" }, "поле «absences.enabled»: ожидается true или false, получено \"да\""],
      [{ engineerBackup: 1 }, "поле «absences.engineerBackup»: ожидается true или false, получено 1"],
    ];
    for (const [absences, says] of cases) expect(scenarioBoundsProblem(withAbsences(absences)), JSON.stringify(absences)).toContain(says);
  });
});
