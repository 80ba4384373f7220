/**
 * A client name holding HTML (the sample has «ЖК «<b>Сосны</b>» <script>…») is shown as text
 * everywhere — tables, filters, charts — and never parsed or run.
 */
import { describe, expect, it } from "vitest";
import { useSite } from "./harness.ts";

const site = useSite();
const NEEDLE = "<b>Сосны</b>";

describe("HTML in client names", () => {
  for (const path of ["/clients", "/support"]) {
    it(`is text on ${path}`, async () => {
      const view = await site.open(path);
      const dialogs: string[] = [];
      view.page.on("dialog", async (dialog) => {
        dialogs.push(dialog.message());
        await dialog.dismiss();
      });
      if (path === "/clients") {
        await view.page.fill("input[type=search]", "Сосны");
        await view.page.waitForTimeout(300);
      }
      const found = await view.page.evaluate((needle) => {
        const texts = [...document.querySelectorAll("td, option")].map((n) => n.textContent ?? "");
        return {
          asText: texts.filter((t) => t.includes(needle)).length,
          boldElements: [...document.querySelectorAll("#observablehq-main b")].filter((b) => b.textContent === "Сосны").length,
          injectedScripts: [...document.querySelectorAll("#observablehq-main script")].filter((s) => (s.textContent ?? "").includes("alert")).length,
        };
      }, NEEDLE);
      expect(found.asText).toBeGreaterThanOrEqual(1);
      expect(found.boldElements).toBe(0);
      expect(found.injectedScripts).toBe(0);
      expect(dialogs).toEqual([]);
      expect(view.problems()).toEqual([]);
      await view.context.close();
    });
  }
});
