/**
 * Status of a value against its target, in a colour-blind-safe palette (Okabe–Ito blue /
 * orange / vermillion) that is always paired with an icon and a Russian word, never colour alone.
 */
import { isMissing } from "../core/format.js";

export type Status = "ok" | "warn" | "bad" | "none";

export interface StatusStyle {
  /** CSS variable holding the colour (defined in style.css for light and dark themes) */
  cssVar: string;
  /** fallback colour when the variable is not available (exports, Node) */
  color: string;
  icon: string;
  labelRu: string;
}

export const STATUS_STYLES: Readonly<Record<Status, StatusStyle>> = {
  ok: { cssVar: "--status-ok", color: "#0072b2", icon: "✓", labelRu: "в норме" },
  warn: { cssVar: "--status-warn", color: "#e69f00", icon: "!", labelRu: "близко к границе" },
  bad: { cssVar: "--status-bad", color: "#d55e00", icon: "✕", labelRu: "вне цели" },
  none: { cssVar: "--status-none", color: "#8c8c8c", icon: "–", labelRu: "нет цели" },
};

/** Ordered domain and range for Plot colour scales. */
export const STATUS_DOMAIN: readonly Status[] = ["ok", "warn", "bad", "none"];
export const STATUS_RANGE: readonly string[] = STATUS_DOMAIN.map((s) => STATUS_STYLES[s].color);

export type Direction = "higher" | "lower";

/**
 * ok when the target is met; warn when missed by no more than `warnMargin` (absolute units of
 * the value); bad beyond that; none when value or target is missing.
 */
export function statusAgainstTarget(
  value: number | null | undefined,
  target: number | null | undefined,
  direction: Direction,
  warnMargin: number,
): Status {
  if (isMissing(value) || isMissing(target)) return "none";
  const shortfall = direction === "higher" ? target - value : value - target;
  if (shortfall <= 1e-12) return "ok";
  return shortfall <= warnMargin + 1e-12 ? "warn" : "bad";
}

/**
 * Utilization status per the department rule: under 80 % ok, 80–100 % warn, over 100 % bad
 * (thresholds from settings.status_thresholds).
 */
export function utilizationStatus(
  utilization: number | null | undefined,
  thresholds: { amber_from: number; red_above: number } = { amber_from: 0.8, red_above: 1.0 },
): Status {
  if (isMissing(utilization)) return "none";
  if (utilization > thresholds.red_above + 1e-12) return "bad";
  if (utilization >= thresholds.amber_from - 1e-12) return "warn";
  return "ok";
}

/** Maps a status word of the metrics engine (green/amber/red, ok/warn/bad…) onto ours. */
export function normalizeStatus(word: unknown): Status {
  switch (String(word ?? "").toLowerCase()) {
    case "green":
    case "ok":
    case "met":
      return "ok";
    case "amber":
    case "yellow":
    case "warn":
    case "warning":
      return "warn";
    case "red":
    case "bad":
    case "breached":
      return "bad";
    default:
      return "none";
  }
}
