/**
 * Progress of a run, on stderr (so `--json` keeps stdout clean): a live bar on a terminal, plain
 * lines when stderr is not a terminal or `CI` is set (logs must stay readable).
 *
 * @module
 */
import cliProgress from "cli-progress";

/** How a finished block went, as progress shows it. */
export interface CellDone {
  readonly ok: boolean;
  /** Wall time of the block process, start to exit. */
  readonly wallMs: number;
  /** Short note: what was measured, or the reason it failed. */
  readonly note: string;
  /** Time left of the budget after it, when the run has one (shown instead of an estimate). */
  readonly leftMs?: number;
}

/** A progress display. */
export interface Progress {
  /** Block `index` (0-based over the whole run) starts. */
  begin(index: number, label: string): void;
  /** The block started last finished. */
  end(index: number, label: string, done: CellDone): void;
  /** The plan changed (the first round measured the cost of a round): the new number of blocks. */
  setTotal(total: number): void;
  /** Stop the display (idempotent); the terminal is left clean. */
  stop(): void;
}

/** Display modes: `auto` picks `bar` on a terminal outside CI, else `lines`. */
export type ProgressMode = "auto" | "bar" | "lines" | "off";

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  readonly total: number;
  readonly mode?: ProgressMode;
  readonly stream?: NodeJS.WriteStream;
}

/**
 * Make a progress display for `total` cells.
 *
 * @example
 * ```ts
 * const p = createProgress({ total: 2, mode: "off" });
 * p.begin(0, "node pi serial"); p.end(0, "node pi serial", { ok: true, wallMs: 120, note: "30.1 ms" }); p.stop();
 * ```
 */
export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const mode = options.mode ?? "auto";
  const resolved = mode === "auto" ? (stream.isTTY && !process.env.CI ? "bar" : "lines") : mode;
  if (resolved === "off") return { begin() {}, end() {}, setTotal() {}, stop() {} };
  const eta = new EtaClock(options.total);
  return resolved === "bar" ? barProgress(options.total, stream, eta) : lineProgress(options.total, stream, eta);
}

/** Remaining time from the mean wall time of the blocks done so far, or the budget's time left. */
class EtaClock {
  #doneMs = 0;
  #done = 0;
  #leftMs: number | undefined;
  constructor(public total: number) {}
  record(wallMs: number, leftMs?: number): void {
    this.#doneMs += wallMs;
    this.#done++;
    this.#leftMs = leftMs;
  }
  text(): string {
    if (this.#leftMs !== undefined) return `${formatDuration(Math.max(0, this.#leftMs))} of budget left`;
    if (this.#done === 0) return "eta …";
    return "eta " + formatDuration((this.#doneMs / this.#done) * (this.total - this.#done));
  }
}

function lineProgress(total: number, stream: NodeJS.WriteStream, eta: EtaClock): Progress {
  return {
    begin() {},
    end(index, label, done) {
      eta.record(done.wallMs, done.leftMs);
      const width = String(eta.total).length;
      const status = done.ok ? `ok   ${done.note}` : `FAIL ${done.note}`;
      stream.write(`[${String(index + 1).padStart(width)}/${eta.total}] ${label.padEnd(34)} ${status} (${formatDuration(done.wallMs)}; ${eta.text()})\n`);
    },
    setTotal(n) {
      eta.total = n;
    },
    stop() {},
  };
}

function barProgress(total: number, stream: NodeJS.WriteStream, eta: EtaClock): Progress {
  const multi = new cliProgress.MultiBar(
    {
      stream,
      format: "{bar} {value}/{total} blocks | {etaText} | {cell}",
      hideCursor: true,
      clearOnComplete: true,
      barsize: 24,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  const bar = multi.create(total, 0, { cell: "starting", etaText: "…" });
  let stopped = false;
  return {
    begin(_index, label) {
      bar.update({ cell: label, etaText: eta.text() });
    },
    end(index, label, done) {
      eta.record(done.wallMs, done.leftMs);
      // Failures stay visible above the bar; successes only move it.
      if (!done.ok) multi.log(`FAIL ${label}: ${done.note}\n`);
      bar.update(index + 1, { etaText: eta.text() });
    },
    setTotal(n) {
      eta.total = n;
      bar.setTotal(n);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      multi.stop();
    },
  };
}

/**
 * A duration for people: `850 ms`, `12.3 s`, `2m05s`.
 *
 * @example
 * ```ts
 * formatDuration(125_000); // "2m05s"
 * ```
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "?";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
}
