/**
 * The JS half of a CPython block: draws the sweep orders (`sweep_order.ts`, so one seed gives one
 * order on every runtime, CPython included), runs `runtimes/python/block.py` with the request plus
 * those orders and `sizeParams` (the JS suite's parameters of the size: sizes are defined in one place
 * only), then applies the JS suite's own `verify` to the raw answer of every run of every cell
 * (warm-up runs included) and its `describeAnswer` to the last, and returns an ordinary
 * {@link BlockRecord}. So CPython's answers pass exactly the checks JS answers pass, and a wrong
 * answer fails that cell only.
 *
 * What differs from a JS block (`block_measure.ts`): verification happens after Python's sweeps, so
 * a cell with a wrong answer still ran in later sweeps and stays in `order`; it is then recorded
 * failed like any wrong-answer cell. `harness.verifyMs` is the time of the measured runs' checks and
 * is added to `phaseMs`, so `overheadMs` keeps its meaning.
 *
 * Cases (the communication suites): a cell must name a known case of its suite, as in a JS block.
 * What CPython's port of a suite cannot run is declared once, on this side (runtimes/versions/support.ts
 * `portGaps`), where the plan reads it and never sends such a cell; one sent anyway goes to Python
 * marked `unsupported` and is recorded failed as "unsupported: <why>" without being started, as a
 * JS block records a case its variant lacks.
 *
 * @module
 */
import { clip } from "../core/text.ts";
import { PYTHON_BLOCK_SCRIPT } from "../runtimes/python.ts";
import { portGaps } from "../runtimes/versions/support.ts";
import { caseProblem } from "../suites/cases.ts";
import type { AnySuite, SizeName, VariantName } from "../suites/types.ts";
import {
  decodeBlockRequest,
  encodeBlockRecord,
  parseBlockOutput,
  type BlockCellFailure,
  type BlockCellRecord,
  type BlockCellSpec,
  type BlockFailureRecord,
  type BlockRecord,
  type BlockRequest,
  type BlockSuccessRecord,
} from "./block_protocol.ts";
import { howItEnded, lastLine, runPythonScript } from "./python_process.ts";
import { sweepOrders, warmupOrders } from "./sweep_order.ts";

/** Every line block.py answers with starts with this (not the protocol's prefix: a raw record is not a block record). */
export const PYTHON_BLOCK_RECORD_PREFIX = '{"tribench-python-block":1';

/** A cell as block.py is sent it: with why, when CPython's port lacks its case (it is then never started). */
export type PythonBlockCell = BlockCellSpec & { unsupported?: string };

/** What block.py is sent: the block request, plus what only the JS side knows. */
export interface PythonBlockRequest extends BlockRequest {
  cells: PythonBlockCell[];
  /** The JS suite's parameters of `size`. */
  sizeParams: unknown;
  /** The order of each measured sweep (`sweepOrders`). */
  orders: number[][];
  /** The order of each warm-up sweep (`warmupOrders`). */
  warmupOrders: number[][];
  /** The host's pid: once it is gone, the block stops (its orphan watch). */
  hostPid: number;
}

/** A measured cell as block.py prints it: not yet verified, with every run's raw answer (warm-up runs first). */
type RawCell = Omit<Extract<BlockCellRecord, { ok: true }>, "answer"> & { answer: ""; results: unknown[] };

type SuiteLookup = (name: string) => AnySuite | undefined;

/**
 * The request block.py gets for `request`: the sweep orders drawn from its seed, the size's
 * parameters, the pid of the host it must not outlive (this process unless told), and each cell
 * whose case CPython's port lacks marked `unsupported` with why. Throws a one-line Error when the
 * suite or size is unknown, or a cell names no case of the suite (or one it lacks).
 *
 * @example
 * ```ts
 * pythonBlockRequest(decodeBlockRequest(text), suiteByName).orders.length; // request.runs
 * ```
 */
export function pythonBlockRequest(request: BlockRequest, suiteByName: SuiteLookup, hostPid: number = process.pid): PythonBlockRequest {
  const suite = suiteByName(request.suite);
  if (!suite) throw new Error(`unknown suite '${request.suite}'`);
  const sizeParams = suite.sizes[request.size as SizeName];
  if (sizeParams === undefined) throw new Error(`suite ${suite.name} has no size '${request.size}'`);
  const gaps = portGaps("python", suite.name);
  const cells = request.cells.map((cell): PythonBlockCell => {
    const problem = caseProblem(suite, cell.case);
    if (problem) throw new Error(problem);
    const why = cell.case === undefined ? undefined : gaps?.[cell.case]?.[cell.variant as VariantName];
    return why ? { ...cell, unsupported: why } : cell;
  });
  const n = cells.length;
  return { ...request, cells, sizeParams, orders: sweepOrders(n, request.runs, request.seed), warmupOrders: warmupOrders(n, request.warmup, request.seed), hostPid };
}

function blockFailure(kind: BlockFailureRecord["kind"], reason: string, pids: number[] = [], runtimeVersion = "unknown"): BlockFailureRecord {
  return { "tribench-block": 1, ok: false, runtime: "python", runtimeVersion, kind, reason, pids };
}

/**
 * Check block.py's stdout and turn it into the final record. Never throws. A failure record passes
 * through (with the protocol's key); each measured cell is verified run by run.
 *
 * @example
 * ```ts
 * completePythonBlock("", request, suiteByName, { code: 1, signal: null }).ok; // false
 * ```
 */
export function completePythonBlock(stdout: string, request: BlockRequest, suiteByName: SuiteLookup, exit: { code: number | null; signal: string | null; stderr?: string }): BlockRecord {
  const lines = stdout.split("\n").filter((l) => l.startsWith(PYTHON_BLOCK_RECORD_PREFIX));
  if (lines.length !== 1) {
    const hint = lastLine(exit.stderr ?? "");
    return lines.length
      ? blockFailure("error", `python block printed ${lines.length} records instead of one`)
      : blockFailure("crash", `python block ${howItEnded(exit)} before answering${hint ? `: ${hint}` : ""}`);
  }
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(lines[0]!) as Record<string, unknown>;
  } catch {
    return blockFailure("error", `python block printed a record that is not valid JSON: '${clip(lines[0]!)}'`);
  }
  const version = typeof raw.runtimeVersion === "string" ? raw.runtimeVersion : "unknown";
  const pids = Array.isArray(raw.pids) ? (raw.pids as number[]) : [];
  if (raw.ok === false) return blockFailure(raw.kind as BlockFailureRecord["kind"], String(raw.reason), pids, version);
  const suite = suiteByName(request.suite);
  const size = suite?.sizes[request.size as SizeName];
  if (!suite || size === undefined) return blockFailure("error", `unknown suite '${request.suite}' or size '${request.size}'`, [], version);
  const rawCells = raw.cells;
  if (!Array.isArray(rawCells) || rawCells.length !== request.cells.length) {
    return blockFailure("error", `python block answered ${Array.isArray(rawCells) ? rawCells.length : "no"} cells for ${request.cells.length}`, [], version);
  }
  // A measured cell ran every warm-up and every measured sweep; any other count is a broken record.
  const runs = request.warmup + request.runs;
  for (const cell of rawCells as (RawCell | BlockCellFailure)[]) {
    if (cell?.ok && !(Array.isArray(cell.results) && cell.results.length === runs)) {
      const count = Array.isArray(cell.results) ? cell.results.length : "no";
      return blockFailure("error", `python block answered ${count} results for cell ${cell.variant} x${cell.workers}'s ${request.warmup} warm-up and ${request.runs} measured runs`, pids, version);
    }
  }
  let verifyMs = 0;
  const cells = (rawCells as (RawCell | BlockCellFailure)[]).map((cell, index): BlockCellRecord => {
    if (!cell.ok) return cell;
    const caseName = request.cells[index]!.case;
    const label = `${cell.variant} x${cell.workers}${caseName !== undefined ? ` ${caseName}` : ""}`;
    const { results, ...rest } = cell;
    for (let i = 0; i < results.length; i++) {
      const t0 = performance.now();
      let verdict: ReturnType<AnySuite["verify"]>;
      try {
        verdict = suite.verify(results[i], size);
      } catch (error) {
        verdict = { ok: false, reason: `verify threw: ${String((error as Error)?.message ?? error).split("\n")[0]}` };
      }
      if (i >= request.warmup) verifyMs += performance.now() - t0;
      if (!verdict.ok) {
        return { ok: false, variant: cell.variant, workers: cell.workers, kind: "wrong-answer", reason: `wrong answer from python ${suite.name} ${label}: ${verdict.reason}`, pids: cell.pids };
      }
    }
    return { ...rest, answer: results.length ? suite.describeAnswer(results[results.length - 1]) : "" };
  });
  const harness = raw.harness as BlockSuccessRecord["harness"];
  const record: BlockSuccessRecord = {
    "tribench-block": 1,
    ok: true,
    runtime: "python",
    runtimeVersion: version,
    suite: suite.name,
    size: request.size,
    seed: request.seed,
    cells,
    probes: raw.probes as BlockSuccessRecord["probes"],
    order: raw.order as number[][],
    // The checks ran after Python's sweeps; count them in the phase as a JS block does.
    harness: { ...harness, phaseMs: (harness?.phaseMs ?? 0) + verifyMs, verifyMs },
  };
  // One set of checks for every runtime's record: what the orchestrator would reject is rejected here.
  const parsed = parseBlockOutput(encodeBlockRecord(record));
  return "problem" in parsed ? blockFailure("error", `python block ${parsed.problem}`, [], version) : parsed.record;
}

/**
 * Run a CPython block for the request text `requestText` with interpreter `python` and return the
 * final record. Never throws; a request the JS side cannot serve never reaches Python.
 */
export async function runPythonBlock(python: string, requestText: string | undefined, suiteByName: SuiteLookup): Promise<BlockRecord> {
  let request: BlockRequest;
  let pythonRequest: PythonBlockRequest;
  try {
    request = decodeBlockRequest(requestText);
    pythonRequest = pythonBlockRequest(request, suiteByName);
  } catch (error) {
    return blockFailure("error", (error as Error).message);
  }
  const exit = await runPythonScript(python, PYTHON_BLOCK_SCRIPT, JSON.stringify(pythonRequest));
  if (exit.startError) return blockFailure("error", `could not start ${python}: ${exit.startError}`);
  return completePythonBlock(exit.stdout, request, suiteByName, exit);
}
