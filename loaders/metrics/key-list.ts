/**
 * The documented key list of the metrics JSON: flattened keys with their per-priority /
 * per-role / per-kind / per-trigger parts collapsed to placeholders, each with the Russian name
 * of its definition. Used to write loaders/metrics/README.md and checked by a test.
 */
import { AUX_KEY_NAMES_RU } from "./aux-keys.ts";
import { companionOf, definitionFor, PLACEHOLDER_VALUES } from "./definitions.ts";
import { flattenKpis, type KpiTree } from "./month-kpis.ts";

/** "sla.emergency.compliance" → "sla.<priority>.compliance" (and so on for role, kind, trigger). */
export function keyPattern(flatKey: string): string {
  const parts = flatKey.split(".");
  if (parts[0] === "sla" && parts.length > 2 && parts[1] !== "emergency") parts[1] = "<priority>";
  if (parts[0] === "sla" && parts[1] === "emergency" && !/^response_compliance/.test(parts[2] ?? "")) parts[1] = "<priority>";
  if (parts[0] === "tickets" && parts[1] === "by_priority") parts[2] = "<priority>";
  if (parts[0] === "workload" && parts.length > 2) parts[1] = "<role>";
  if (parts[0] === "workload" && parts[2] === "components") parts.splice(3);
  if (parts[0] === "visits" && parts[1] === "by_kind") parts[2] = "<kind>";
  if (parts[0] === "triggers" && parts.length > 2 && PLACEHOLDER_VALUES.trigger!.includes(parts[1]!)) {
    const field = parts[2]!;
    if (!field.startsWith("clients_per_manager")) parts[1] = "<trigger>";
  }
  return parts.join(".");
}

export function keyPatterns(kpis: KpiTree): string[] {
  return [...new Set(Object.keys(flattenKpis(kpis)).map(keyPattern))];
}

export function keyListMarkdown(kpis: KpiTree): string {
  const rows = keyPatterns(kpis).map((pattern) => `| \`${pattern}\` | ${keyNameRu(pattern) ?? ""} |`);
  return ["| Ключ | Показатель |", "|---|---|", ...rows].join("\n");
}

/** Russian name of a key pattern: its definition, a target/status companion, or an auxiliary name. */
export function keyNameRu(pattern: string): string | null {
  const probe = pattern
    .replace("<priority>", "standard")
    .replace("<role>", "head")
    .replace("<kind>", "audit")
    .replace("<trigger>", "second_engineer");
  const def = definitionFor(probe);
  if (def) return def.name_ru;
  const companion = companionOf(probe);
  if (companion) return `${companion.definition.name_ru} — ${companion.kind === "target" ? "цель" : "статус (ok | miss)"}`;
  return AUX_KEY_NAMES_RU[pattern] ?? null;
}
