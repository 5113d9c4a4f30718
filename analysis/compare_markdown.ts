/**
 * Present a {@link Comparison} as GitHub-flavoured Markdown (a CI job summary): the sources of each
 * side, a one-line result, the line that says how cells were judged (test, correction, rate), the
 * run-level notes, then one table of cells with the worst news first. Reads the comparison only;
 * every string that came from a machine or a file is escaped.
 *
 * @module
 */
import type { CellComparison, CellKey, Comparison, CompareMethod, SourceInfo, TestFamily } from "./compare.ts";
import { CORRECTION_NAMES } from "../stats/multiple.ts";
import { escapeMarkdown as esc } from "../reports/escape.ts";

/** Names shown for the two sides, usually the file paths, one per report. */
export interface CompareSources {
  base: string[];
  head: string[];
}

const ORDER: Record<CellComparison["verdict"], number> = { failed: 0, regressed: 1, inconclusive: 2, improved: 3, incomparable: 4, unchanged: 5 };
const VERDICT_TEXT: Record<CellComparison["verdict"], string> = {
  failed: "❌ **failed**",
  regressed: "🔴 **regressed**",
  inconclusive: "🟡 inconclusive",
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

/** A rate as people say it: `1%`, `0.5%`. */
export function formatRate(alpha: number): string {
  return `${Number((alpha * 100).toPrecision(3))}%`;
}

const ms = (x: number) => (x >= 100 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toPrecision(3));
const cellName = (k: CellKey) => `${esc(k.runtime)} | ${esc(k.suite)} | ${esc(k.variant)} | ${k.workers}`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function sourceRows(names: CompareSources, base: SourceInfo[], head: SourceInfo[]): string[] {
  const row = (label: string, b: string, h: string) => `| ${label} | ${esc(b)} | ${esc(h)} |`;
  // Reports of one side share machine, size and runtimes (compare refuses otherwise): show the first's.
  const span = (side: SourceInfo[]) => (side.length === 1 ? side[0]!.createdAt : `${side[0]!.createdAt} … ${side[side.length - 1]!.createdAt}`);
  const hosts = (side: SourceInfo[]) => [...new Set(side.map((s) => s.hostname))].join(", ");
  return [
    "| | BASE | HEAD |",
    "|---|---|---|",
    row(names.base.length + names.head.length > 2 ? "reports" : "report", names.base.join(", "), names.head.join(", ")),
    row("created", span(base), span(head)),
    row("machine", base[0]!.machine, head[0]!.machine),
    row("host", hosts(base), hosts(head)),
    row("runtimes", base[0]!.runtimes, head[0]!.runtimes),
    row("size", base[0]!.size, head[0]!.size),
  ];
}

function capacityText(c: CellComparison): string {
  const w = c.capacity;
  if (!w) return "";
  const show = (r: typeof w.base) => (r ? r.median.toFixed(2) : "?");
  return `${show(w.base)} → ${show(w.head)} of ${w.workers}${w.changed ? " 🟡" : ""}`;
}

function cellRow(c: CellComparison, thresholdPct: number): string {
  const t = c.time;
  const s = c.speedup;
  const detect = t?.detectablePct != null && c.verdict === "unchanged" ? `, could detect ≥ ${Math.max(thresholdPct, t.detectablePct).toFixed(0)}%` : "";
  const timeCols = t
    ? [ms(t.baseMs), ms(t.headMs), signedPct(t.changePct), `${signedPct(t.lowPct)} … ${signedPct(t.highPct)}`,
      t.pAdjusted === null ? `${formatP(t.p)} (set aside)` : `${formatP(t.p)} (${formatP(t.pAdjusted)})`]
    : ["", "", "", "", ""];
  const mark = s?.verdict === "regressed" ? " 🔴" : s?.verdict === "improved" ? " 🟢" : "";
  const speedupCols = s
    ? [
        `${s.base.toFixed(2)} → ${s.head.toFixed(2)}`,
        `${signedPct(s.changePct)}${mark} (adj. p ${formatP(s.pAdjusted ?? s.p)})`,
        s.baseEfficiency !== null && s.headEfficiency !== null ? `${s.baseEfficiency.toFixed(2)} → ${s.headEfficiency.toFixed(2)}` : "",
      ]
    : ["", "", ""];
  const unit = t ? `${t.baseUnits} / ${t.headUnits} ${t.unit === "process" ? "proc." : "runs"}` : "";
  const remarks = [...(c.reason ? [c.reason] : []), ...c.notes].map(esc).join("; ");
  return `| ${VERDICT_TEXT[c.verdict]}${detect} | ${cellName(c)} | ${unit} | ${[...timeCols, ...speedupCols].join(" | ")} | ${capacityText(c)} | ${remarks} |`;
}

/** What a family's correction guarantees, in words. */
function guarantee(f: TestFamily, alpha: number): string {
  const tests = `${plural(f.tests, `${f.measures.join(" and ")} test`)}`;
  return f.correction === "bh"
    ? `${CORRECTION_NAMES.bh} across ${tests} keeps the expected share of false verdicts among flagged cells at ${formatRate(alpha)}`
    : `${CORRECTION_NAMES.holm} across ${tests} keeps the chance of any false verdict at ${formatRate(alpha)}`;
}

/** The line that says how cells were judged: test, correction and rate, threshold, what "could detect" means. */
export function methodLine(m: CompareMethod, c: Pick<Comparison, "options">): string {
  const o = c.options;
  const informational = m.informational && m.informational.tests
    ? ` The ${m.informational.measures.join(" and ")} verdicts are informational (${guarantee(m.informational, o.alpha)}; \`--fail-on\` counts them).`
    : "";
  return `Verdicts: Welch's t test on the logs of per-process medians (the process is the unit); ${guarantee(m.counted, o.alpha)}; ` +
    `a verdict also needs a change of at least ${o.thresholdPct}%; BASE and HEAD ms are geometric means of those medians.${informational} ` +
    `"Could detect" is the smallest slowdown a lone change would show with ${formatRate(o.power)} power.`;
}

function headline(c: Comparison): string {
  const s = c.summary;
  const counts = (m: "time" | "speedup") => c.options.failOn.includes(m);
  const counted = [
    counts("time") && s.regressed ? `${s.regressed} regressed` : "",
    counts("speedup") && s.speedupRegressed ? `${s.speedupRegressed} speedup regressed` : "",
    s.failed ? `${s.failed} failed` : "",
  ].filter(Boolean);
  const rest = [
    !counts("time") && s.regressed ? `${s.regressed} regressed (not counted)` : "",
    `${s.improved} improved`,
    `${s.unchanged} unchanged`,
    s.inconclusive && c.exitCode !== 3 ? `${s.inconclusive} inconclusive` : "",
  ].filter(Boolean).join(", ");
  const extra = [
    s.incomparable ? `${s.incomparable} incomparable` : "",
    s.added ? `${s.added} added` : "",
    s.removed ? `${s.removed} removed` : "",
  ].filter(Boolean).join(", ");
  const tail = ` (${plural(s.compared, "cell")} compared${extra ? `; ${extra}` : ""}).` +
    (s.maxAbsChangePct !== null ? ` Largest change of a time: ${s.maxAbsChangePct.toFixed(1)}%.` : "");
  if (c.exitCode === 1) return `**Result: ${counted.join(", ")}**, ${rest}${tail}`;
  if (c.exitCode === 3) {
    return `**Result: inconclusive, the machine changed** for ${plural(s.inconclusive, "parallel cell")} (rerun on a quieter machine); no regression: ${rest}${tail}`;
  }
  return `**Result: no regression**: ${rest}${tail}`;
}

/**
 * The whole comparison as Markdown.
 *
 * @example
 * ```ts
 * const md = renderCompareMarkdown(compareReports(base, head, DEFAULT_COMPARE_OPTIONS), { base: ["a.json"], head: ["b.json"] });
 * ```
 */
export function renderCompareMarkdown(c: Comparison, names: CompareSources): string {
  const level = `${Number(((1 - c.options.alpha) * 100).toPrecision(4))}%`;
  const out: string[] = ["## tribench compare", "", ...sourceRows(names, c.base, c.head), "", headline(c), "", methodLine(c.method, c), ""];
  if (c.crossMachine) out.push("> **Cross-machine comparison**: differences include the hardware, not only the code.", "");
  for (const note of c.notes) out.push(`- ${esc(note)}`);
  if (c.notes.length) out.push("");

  // Worst news first: failed, regressed, inconclusive …; within a verdict, a fallen speedup, then the largest change.
  const speedupFell = (x: CellComparison) => (x.speedup?.verdict === "regressed" ? 0 : 1);
  const cells = [...c.cells].sort((a, b) =>
    ORDER[a.verdict] - ORDER[b.verdict] || speedupFell(a) - speedupFell(b) ||
    Math.abs(b.time?.changePct ?? 0) - Math.abs(a.time?.changePct ?? 0));
  if (cells.length) {
    out.push(
      `| verdict | runtime | suite | variant | workers | units BASE / HEAD | BASE ms | HEAD ms | change | ${level} interval | p (adjusted) | ` +
        "speedup | speedup change | efficiency | capacity | notes |",
      "|---|---|---|---|---:|---|---:|---:|---:|---|---:|---|---|---|---|---|",
      ...cells.map((x) => cellRow(x, c.options.thresholdPct)),
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
