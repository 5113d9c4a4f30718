/**
 * The issue's targets for the pool-overhead micro benchmark, checked on a run's rows, and the
 * readable table `tribench micro` prints (figures with pass/fail beside them).
 *
 * @module
 */
import type { MicroRow } from "./micro_probe.ts";

/** No-op tasks/s every tribench runtime x kind must reach at chunksize 1 (CPython's Pool(2) does 36k/s). */
export const TARGET_CHUNK1 = 36_000;
/** No-op tasks/s every tribench runtime x kind must reach with automatic chunking. */
export const TARGET_AUTO = 1_000_000;
/** Largest RSS growth (%) from the first 1k tasks to the end of the RSS phase. */
export const TARGET_RSS_PCT = 10;
/** Node threads at chunksize 1 must do at least this many times piscina's throughput in the same run. */
export const TARGET_VS_PISCINA = 2;

/** One target checked on one row; `pass` is `null` when the figure is missing. */
export interface TargetCheck {
  target: "chunk1" | "auto" | "rss" | "vsPiscina";
  runtime: string;
  kind: string;
  /** The measured value (tasks/s, %, or the ratio to piscina). */
  value: number | null;
  /** What it must reach (a minimum; for `rss` a maximum). */
  threshold: number;
  pass: boolean | null;
}

/**
 * Check the targets on tribench's rows (the reference rows are not held to them).
 *
 * @example
 * ```ts
 * evaluateTargets(rows).filter((t) => t.pass === false); // the misses
 * ```
 */
export function evaluateTargets(rows: readonly MicroRow[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const atLeast = (value: number | null, min: number) => (value === null ? null : value >= min);
  for (const row of rows) {
    if (row.pool !== "tribench") continue;
    const at = { runtime: row.runtime, kind: row.kind };
    checks.push({ target: "chunk1", ...at, value: row.tasksPerSecChunk1, threshold: TARGET_CHUNK1, pass: atLeast(row.tasksPerSecChunk1, TARGET_CHUNK1) });
    checks.push({ target: "auto", ...at, value: row.tasksPerSecAuto, threshold: TARGET_AUTO, pass: atLeast(row.tasksPerSecAuto, TARGET_AUTO) });
    checks.push({ target: "rss", ...at, value: row.rssGrowthPct, threshold: TARGET_RSS_PCT, pass: row.rssGrowthPct === null ? null : row.rssGrowthPct <= TARGET_RSS_PCT });
    const piscina = rows.find((r) => r.pool === "piscina" && r.runtime === row.runtime && r.kind === row.kind);
    if (row.runtime === "node" && row.kind === "threads" && piscina) {
      const ratio = row.tasksPerSecChunk1 !== null && piscina.tasksPerSecChunk1 ? Math.round((row.tasksPerSecChunk1 / piscina.tasksPerSecChunk1) * 100) / 100 : null;
      checks.push({ target: "vsPiscina", ...at, value: ratio, threshold: TARGET_VS_PISCINA, pass: atLeast(ratio, TARGET_VS_PISCINA) });
    }
  }
  return checks;
}

/** What the table needs of a report. */
export interface MicroTableInput {
  readonly workers: number;
  readonly quick: boolean;
  readonly rows: readonly MicroRow[];
  readonly targets: readonly TargetCheck[];
  readonly notes: readonly string[];
}

/** The report as aligned plain text: one line per row, targets beside their figures, then notes. */
export function renderMicroTable(report: MicroTableInput): string {
  const verdict = (row: MicroRow, target: TargetCheck["target"]) => {
    const check = report.targets.find((t) => t.target === target && t.runtime === row.runtime && t.kind === row.kind && row.pool === "tribench");
    return !check || check.pass === null ? "" : check.pass ? " ok" : " MISS";
  };
  const header = ["runtime", "kind", "pool", "mechanism", `spawn ms 1/${report.workers}`, "round trip µs", "chunk1 tasks/s", "auto tasks/s", "RSS growth", "2nd half", "heap", "workers' RSS"];
  const lines = [header];
  for (const row of report.rows) {
    if (row.tasksPerSecChunk1 === null && row.error) {
      lines.push([row.runtime, row.kind, row.pool, "failed (see the notes)"]);
      continue;
    }
    lines.push([
      row.runtime,
      row.kind,
      row.pool,
      row.mechanism,
      `${fixed(row.spawnMs, 1)} / ${fixed(row.spawnMsAllWorkers, 1)}`,
      fixed(row.roundTripUs, 1),
      rate(row.tasksPerSecChunk1) + verdict(row, "chunk1"),
      rate(row.tasksPerSecAuto) + verdict(row, "auto"),
      pct(row.rssGrowthPct) + verdict(row, "rss"),
      pct(row.rssGrowthSecondHalfPct),
      pct(row.heapGrowthPct),
      pct(row.workerRssGrowthPct),
    ]);
  }
  const widths = header.map((_, c) => Math.max(...lines.map((l) => (l[c] ?? "").length)));
  const text = lines.map((l) => l.map((cell, c) => (c === l.length - 1 ? cell : cell.padEnd(widths[c]!))).join("  ").trimEnd());
  const out = [report.quick ? "pool overhead (--quick: figures not meaningful)" : "pool overhead", "", ...text, ""];
  out.push(`targets: chunk1 >= ${rate(TARGET_CHUNK1)}/s, auto >= ${rate(TARGET_AUTO)}/s, RSS growth <= ${TARGET_RSS_PCT}% (every tribench row); node threads chunk1 >= ${TARGET_VS_PISCINA}x piscina`);
  const vs = report.targets.find((t) => t.target === "vsPiscina");
  if (vs) out.push(`node threads chunk1 vs piscina: ${vs.value === null ? "n/a" : `${vs.value}x`}${vs.pass === null ? "" : vs.pass ? " ok" : " MISS"}`);
  const misses = report.targets.filter((t) => t.pass === false);
  out.push(`${report.targets.filter((t) => t.pass === true).length} targets met, ${misses.length} missed${misses.length ? ": " + misses.map((t) => `${t.runtime} ${t.kind} ${t.target}`).join(", ") : ""}`);
  if (report.notes.length) out.push("", ...report.notes.map((n) => `note: ${n}`));
  return out.join("\n") + "\n";
}

/** Tasks/s as 36.0k / 1.20M. */
function rate(value: number | null): string {
  if (value === null) return "-";
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(1)}k`;
  return String(Math.round(value));
}

function fixed(value: number | null, digits: number): string {
  return value === null ? "-" : value.toFixed(digits);
}

function pct(value: number | null): string {
  return value === null ? "-" : `${value > 0 ? "+" : ""}${value.toFixed(1)}%`;
}
