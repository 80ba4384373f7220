/**
 * «Методика» rendered at build time (loaders/site/methodology-page.ts): every definition and
 * every anchor of it is in the static page, all text is escaped (HTML and Framework's `${`),
 * and the plan-check and settings tables carry the settings' values in ru-RU format.
 */
import { describe, expect, it } from "vitest";
import { methodologyData, type MethodologyEntry } from "../loaders/metrics/methodology.ts";
import { definitionHtml, escapeHtml, formatSettingRu, formatTargetRu, methodologyMarkdown, planCheckTableHtml } from "../loaders/site/methodology-page.ts";
import { loadSettings } from "../loaders/settings.ts";

const settings = loadSettings();
const data = methodologyData(settings);
const page = methodologyMarkdown(data);

describe("«Методика» page", () => {
  it("escapes HTML and the `$` of a Framework expression", () => {
    expect(escapeHtml(`<b a="1">'x' & \${1 + 1}</b>`)).toBe("&lt;b a=&quot;1&quot;&gt;&#39;x&#39; &amp; &#36;{1 + 1}&lt;/b&gt;");
    const hostile: MethodologyEntry = {
      ...data.definitions[0]!,
      name_ru: "<script>alert(1)</script>",
      formula: "${process.exit()}",
    };
    const html = definitionHtml(hostile);
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("${");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("has every definition with all its anchors as static ids, once each", () => {
    const ids = [...page.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]!.replaceAll("&lt;", "<").replaceAll("&gt;", ">"));
    for (const d of data.definitions) {
      for (const anchor of d.anchors) expect(ids, anchor).toContain(anchor);
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(page.match(/<section class="metric-def"/g)?.length).toBe(data.definitions.length);
    for (const id of ["targets", "norms", "settings-triggers", "plan-check", "sla.standard.compliance", "tickets.total", "cohorts"]) {
      expect(ids).toContain(id);
    }
  });

  it("keeps every HTML block free of blank lines (Markdown would end the block there)", () => {
    const body = page.slice(page.indexOf("\n---\n") + 5);
    const sections = body.match(/<section[\s\S]*?<\/section>/g) ?? [];
    expect(sections.length).toBe(data.definitions.length);
    for (const section of sections) expect(section).not.toMatch(/\n\s*\n/);
  });

  it("formats targets and settings the Russian way", () => {
    expect(formatTargetRu(0.95, "доля")).toBe("95\u00a0%");
    expect(formatTargetRu(4.5, "балл")).toBe("4,5");
    expect(formatTargetRu(null, "доля")).toBe("—");
    expect(formatTargetRu(-0.1, "доля")).toBe("\u221210\u00a0%");
    expect(formatSettingRu([1, 2.5])).toBe("1–2,5");
    expect(formatSettingRu({ a: 1, b: [2, 3] })).toBe("a: 1; b: 2–3");
    expect(formatSettingRu(1234.5)).toBe("1\u00a0234,5");
    // the SLA target for standard tickets, as the settings hold it
    expect(page).toContain(`standard: ${formatTargetRu(settings.sla.standard.compliance_target, "доля")}`);
  });

  it("shows the plan check with its verdicts", () => {
    const rows = data.planCheckRows;
    expect(rows.length).toBeGreaterThan(0);
    const table = planCheckTableHtml(rows);
    expect(table.match(/<tr id="plan-/g)?.length).toBe(rows.length);
    for (const r of rows) expect(table).toContain(`verdict--${r.verdict}`);
    expect(page).toContain(table);
  });
});
