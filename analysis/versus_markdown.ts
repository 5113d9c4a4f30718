/**
 * Present a run's {@link Versus} pairs: a Markdown section for the run's report (handed to the report
 * writer, which imports no analysis) and plain lines for the end of the terminal output. Reads the
 * pairs only; every string from a machine or a file is escaped.
 *
 * @module
 */
import { escapeMarkdown as esc, plainText } from "../reports/escape.ts";
import { formatP, methodLine, signedPct } from "./compare_markdown.ts";
import type { CellComparison } from "./compare.ts";
import { versusNotes, versusSummary, type StartUpChange, type Versus, type VersusPair } from "./versus.ts";

const VERDICT_TEXT: Record<CellComparison["verdict"], string> = {
  failed: "❌ failed",
  regressed: "🔴 slower",
  inconclusive: "🟡 inconclusive",
  improved: "🟢 faster",
  incomparable: "⚪ incomparable",
  unchanged: "unchanged",
};

const ms = (x: number) => (x >= 100 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toPrecision(3));

function startUpText(s: StartUpChange | undefined): string[] {
  if (!s) return ["", ""];
  const mark = s.verdict === "improved" ? " 🟢" : s.verdict === "regressed" ? " 🔴" : "";
  return [`${ms(s.baseMs)} → ${ms(s.headMs)}`, `${signedPct(s.changePct)}${mark} (adj. p ${formatP(s.pAdjusted)})`];
}

function pairTable(pair: VersusPair): string[] {
  const b = esc(pair.base.version), h = esc(pair.head.version);
  const header = ["Verdict", "Suite", "Variant", "Workers", `${b} ms`, `${h} ms`, "Change", `${Math.round((1 - pair.comparison.options.alpha) * 100)}% CI`,
    "Adj. p", "Speedup", "Start-up ms", "Start-up change", "Notes"];
  const rows = pair.comparison.cells.map((c) => {
    const t = c.time;
    const s = c.speedup;
    const time = t
      ? [ms(t.baseMs), ms(t.headMs), signedPct(t.changePct), `${signedPct(t.lowPct)} … ${signedPct(t.highPct)}`, t.pAdjusted === null ? "set aside" : formatP(t.pAdjusted)]
      : ["", "", "", "", ""];
    const speedup = s ? `${s.base.toFixed(2)} → ${s.head.toFixed(2)}${s.verdict === "regressed" ? " 🔴" : s.verdict === "improved" ? " 🟢" : ""}` : "";
    const start = startUpText(pair.startUp.find((x) => x.suite === c.suite && x.variant === c.variant && x.workers === c.workers));
    const notes = [...(c.reason ? [c.reason] : []), ...c.notes].map(esc).join("; ");
    return [VERDICT_TEXT[c.verdict], esc(c.suite), esc(c.variant), String(c.workers), ...time, speedup, ...start, notes];
  });
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  const align = header.map((_, i) => (i >= 3 && i <= 11 ? "---:" : "---"));
  return [line(header), line(align), ...rows.map(line)];
}

/**
 * The versus section: what it is, then per pair its summary line, its notes and its table.
 *
 * @example
 * ```ts
 * const section = versusMarkdown(versusOfReport(report)); // "## Versions side by side\n\n…"
 * ```
 */
export function versusMarkdown(versus: Versus): string {
  // One method line for all pairs (same options); the pair with the most tests says it best.
  const first = [...versus.pairs].sort((a, b) => b.comparison.method.counted.tests - a.comparison.method.counted.tests)[0];
  const out = [
    "## Versions side by side",
    "",
    "Each newer version of a runtime against the oldest in this run, cell by cell. They ran in the same randomized rounds on the same " +
      "machine, so this is `tribench compare` within one run: BASE is the oldest version, HEAD the newer one. Start-up is the pool's " +
      "start-up per process, tested the same way as its own (informational) family.",
  ];
  if (first) out.push("", methodLine(first.comparison.method, first.comparison));
  for (const pair of versus.pairs) {
    out.push("", `**${esc(versusSummary(pair))}**`);
    const notes = versusNotes(pair);
    if (notes.length) out.push("", ...notes.map((n) => `- ${esc(n)}`));
    out.push("", ...pairTable(pair));
  }
  return out.join("\n");
}

/** The width the terminal lines keep to (the terminal table's). */
const WIDTH = 100;

/**
 * The terminal lines: one summary per pair (wrapped at 100 columns, continuation indented), plain text.
 *
 * @example
 * ```ts
 * versusLines(versus); // ["versus: bun 1.4.5 vs 1.3.14: collatz unchanged; gcd: serial 7% faster"]
 * ```
 */
export function versusLines(versus: Versus): string[] {
  return versus.pairs.flatMap((pair) => wrap(plainText(`versus: ${versusSummary(pair)}`)));
}

function wrap(text: string): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    const next = line === "" ? word : `${line} ${word}`;
    if (next.length <= WIDTH || line.trim() === "") line = next;
    else {
      out.push(line);
      line = `    ${word}`;
    }
  }
  out.push(line);
  return out;
}
