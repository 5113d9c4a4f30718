/**
 * Present a {@link Comparison} as GitHub-flavoured Markdown: the two sources, a one-line result, the
 * run-level notes, then one table of cells with the worst news first. Reads the comparison only;
 * every string that came from a machine or a file is escaped.
 *
 * @module
 */
import type { CellComparison, CellKey, Comparison, SourceInfo } from "./compare.ts";
import { escapeMarkdown as esc } from "../reports/escape.ts";

/** Names shown for the two sides, usually the file paths. */
export interface CompareSources {
  base: string;
  head: string;
}

const ORDER: Record<CellComparison["verdict"], number> = { failed: 0, regressed: 1, improved: 2, incomparable: 3, unchanged: 4 };
const VERDICT_TEXT: Record<CellComparison["verdict"], string> = {
  failed: "❌ **failed**",
  regressed: "🔴 **regressed**",
  improved: "🟢 improved",
  incomparable: "⚪ incomparable",
  unchanged: "unchanged",
};

/** `+12.3%` / `-4.0%`. */
export function signedPct(x: number): string {
  return `${x >= 0 ? "+" : ""}${x.toFixed(1)}%`;
}

/** A p value readable at a glance: `0.034`, `<0.001`. */
export function formatP(p: number): string {
  return p < 0.001 ? "<0.001" : p.toFixed(3);
}

const ms = (x: number) => (x >= 100 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toPrecision(3));
const cellName = (k: CellKey) => `${esc(k.runtime)} | ${esc(k.suite)} | ${esc(k.variant)} | ${k.workers}`;

function sourceRows(names: CompareSources, base: SourceInfo, head: SourceInfo): string[] {
  const row = (label: string, b: string, h: string) => `| ${label} | ${esc(b)} | ${esc(h)} |`;
  return [
    "| | BASE | HEAD |",
    "|---|---|---|",
    row("report", names.base, names.head),
    row("created", base.createdAt, head.createdAt),
    row("machine", base.machine, head.machine),
    row("host", base.hostname, head.hostname),
    row("runtimes", base.runtimes, head.runtimes),
    row("size", base.size, head.size),
  ];
}

function cellRow(c: CellComparison): string {
  const t = c.time;
  const s = c.speedup;
  const timeCols = t
    ? [ms(t.baseMedianMs), ms(t.headMedianMs), signedPct(t.changePct), `${signedPct(t.lowPct)} … ${signedPct(t.highPct)}`, formatP(t.p)]
    : ["", "", "", "", ""];
  const speedupCols = s
    ? [
        `${s.base.toFixed(2)} → ${s.head.toFixed(2)}`,
        `${signedPct(s.changePct)}${s.verdict === "regressed" ? " 🔴" : s.verdict === "improved" ? " 🟢" : ""} (p ${formatP(s.p)})`,
        s.baseEfficiency !== null && s.headEfficiency !== null ? `${s.baseEfficiency.toFixed(2)} → ${s.headEfficiency.toFixed(2)}` : "",
      ]
    : ["", "", ""];
  const remarks = [...(c.reason ? [c.reason] : []), ...c.notes].map(esc).join("; ");
  return `| ${VERDICT_TEXT[c.verdict]} | ${cellName(c)} | ${[...timeCols, ...speedupCols].join(" | ")} | ${remarks} |`;
}

/**
 * The whole comparison as Markdown.
 *
 * @example
 * ```ts
 * const md = renderCompareMarkdown(compareReports(base, head, DEFAULT_COMPARE_OPTIONS), { base: "a.json", head: "b.json" });
 * ```
 */
export function renderCompareMarkdown(c: Comparison, names: CompareSources): string {
  const { summary: s, options: o } = c;
  const level = `${Math.round((1 - o.alpha) * 1000) / 10}%`;
  const out: string[] = ["## tribench compare", "", ...sourceRows(names, c.base, c.head), ""];
  const headline = s.regressed + s.failed > 0
    ? `**Result: ${s.regressed} regressed${s.failed ? `, ${s.failed} failed` : ""}**, ${s.improved} improved, ${s.unchanged} unchanged`
    : `**Result: no regression**: ${s.improved} improved, ${s.unchanged} unchanged`;
  const extra = [
    s.incomparable ? `${s.incomparable} incomparable` : "",
    s.added ? `${s.added} added` : "",
    s.removed ? `${s.removed} removed` : "",
  ].filter(Boolean).join(", ");
  out.push(
    `${headline} (${s.compared} cells compared${extra ? `; ${extra}` : ""}).` +
      (s.maxAbsChangePct !== null ? ` Largest change of a median: ${s.maxAbsChangePct.toFixed(1)}%.` : ""),
    "",
    `A cell counts as regressed or improved only when its samples differ significantly (two-sided Mann–Whitney U, p < ${o.alpha}, ` +
      `and the ${level} bootstrap interval of the change of the median excludes 0) **and** the median changed by at least ${o.thresholdPct}%.`,
    "",
  );
  if (c.crossMachine) out.push("> **Cross-machine comparison**: differences include the hardware, not only the code.", "");
  for (const note of c.notes) out.push(`- ${esc(note)}`);
  if (c.notes.length) out.push("");

  // Worst news first: failed, regressed, improved …; within a verdict, a fallen speedup, then the largest change.
  const speedupFell = (x: CellComparison) => (x.speedup?.verdict === "regressed" ? 0 : 1);
  const cells = [...c.cells].sort((a, b) =>
    ORDER[a.verdict] - ORDER[b.verdict] || speedupFell(a) - speedupFell(b) ||
    Math.abs(b.time?.changePct ?? 0) - Math.abs(a.time?.changePct ?? 0));
  if (cells.length) {
    out.push(
      `| verdict | runtime | suite | variant | workers | BASE median ms | HEAD median ms | change | ${level} interval | p | speedup | speedup change | efficiency | notes |`,
      "|---|---|---|---|---:|---:|---:|---:|---|---:|---|---|---|---|",
      ...cells.map(cellRow),
      "",
    );
  }
  const list = (title: string, keys: CellKey[]) => {
    if (!keys.length) return;
    out.push(`**${title}:** ${keys.map((k) => `${esc(k.runtime)}/${esc(k.suite)}/${esc(k.variant)}/${k.workers}w`).join(", ")}`, "");
  };
  list("Only in HEAD (added)", c.added);
  list("Only in BASE (removed)", c.removed);
  return out.join("\n");
}
