/**
 * The JS half of a CPython cell: runs `runtimes/python/cell.py` with the request (plus `sizeParams`,
 * the JS suite's parameters of the size, so sizes are defined in one place only), applies the JS
 * suite's own `verify` to the raw answer of every run (warm-up runs included) and its
 * `describeAnswer` to the last, and turns the Python record into an ordinary cell protocol record.
 * So the orchestrator, statistics and reports see a CPython cell like any other, and Python answers
 * pass exactly the checks JS answers pass. The block form is `python_block.ts`.
 *
 * Signals are passed on to the Python cell (python_process.ts).
 *
 * @module
 */
import { PYTHON_CELL_SCRIPT } from "../runtimes/python.ts";
import type { AnySuite, SizeName } from "../suites/types.ts";
import { CELL_RECORD_PREFIX, clip, decodeCellRequest, type CellFailureRecord, type CellRecord, type CellRequest, type CellSuccessRecord } from "./cell_protocol.ts";
import { howItEnded, lastLine, runPythonScript } from "./python_process.ts";

/** What the Python cell prints on success: a success record not yet verified, with every run's raw answer. */
export interface PythonRawSuccess extends Omit<CellSuccessRecord, "verified"> {
  verified: false;
  /** The combined answer of every run, warm-up runs first. */
  results: unknown[];
}

/**
 * Check a Python cell's stdout and turn it into the final record. Never throws.
 * A failure record passes through unchanged; a raw success record is verified run by run.
 *
 * @example
 * ```ts
 * completePythonRecord("", request, suiteByName, { code: 1, signal: null }).ok; // false
 * ```
 */
export function completePythonRecord(
  stdout: string,
  request: CellRequest,
  suiteByName: (name: string) => AnySuite | undefined,
  exit: { code: number | null; signal: string | null; stderr?: string },
  version = "unknown",
): CellRecord {
  const fail = (kind: CellFailureRecord["kind"], reason: string, pids: number[] = []): CellFailureRecord => ({
    "tribench-cell": 1, ok: false, runtime: "python", runtimeVersion: version, kind, reason, pids,
  });
  const lines = stdout.split("\n").filter((l) => l.startsWith(CELL_RECORD_PREFIX));
  if (lines.length !== 1) {
    const how = howItEnded(exit);
    const hint = lastLine(exit.stderr ?? "");
    return fail(lines.length ? "error" : "crash", lines.length ? `python cell printed ${lines.length} records instead of one` : `python cell ${how} before answering${hint ? `: ${hint}` : ""}`);
  }
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(lines[0]!) as Record<string, unknown>;
  } catch {
    return fail("error", `python cell printed a record that is not valid JSON: '${clip(lines[0]!)}'`);
  }
  const runtimeVersion = typeof raw.runtimeVersion === "string" ? raw.runtimeVersion : version;
  if (raw.ok === false) return raw as unknown as CellFailureRecord;
  const pids = Array.isArray(raw.pids) ? (raw.pids as number[]) : [];
  const rawRecord = raw as unknown as PythonRawSuccess;
  const suite = suiteByName(request.suite);
  if (!suite) return { ...fail("error", `unknown suite '${request.suite}'`, pids), runtimeVersion };
  const size = suite.sizes[request.size as SizeName];
  if (size === undefined) return { ...fail("error", `suite ${suite.name} has no size '${request.size}'`, pids), runtimeVersion };
  const results = rawRecord.results;
  const samples = rawRecord.samplesMs;
  if (!Array.isArray(results) || !Array.isArray(samples) || results.length !== request.warmup + request.runs || samples.length !== request.runs) {
    return { ...fail("error", `python cell answered ${Array.isArray(results) ? results.length : "no"} results for ${request.warmup} warm-up and ${request.runs} measured runs`, pids), runtimeVersion };
  }
  let verifyMs = 0;
  for (let i = 0; i < results.length; i++) {
    const t0 = performance.now();
    const verdict = suite.verify(results[i], size);
    if (i >= request.warmup) verifyMs += performance.now() - t0;
    if (!verdict.ok) return { ...fail("wrong-answer", `wrong answer from python ${suite.name} ${request.variant}: ${verdict.reason}`, pids), runtimeVersion };
  }
  const { results: _dropped, ...rest } = rawRecord;
  const harness = rawRecord.harness;
  return {
    ...rest,
    runtime: "python",
    runtimeVersion,
    answer: suite.describeAnswer(results[results.length - 1]),
    verified: true,
    // The checks ran after the Python loop; count them in the phase as a JS cell does.
    harness: { ...harness, phaseMs: harness.phaseMs + verifyMs, verifyMs },
  };
}

/**
 * Run the Python cell for the request text `requestText` with interpreter `python` and return the
 * final record. Never throws.
 */
export function runPythonCell(python: string, requestText: string | undefined, suiteByName: (name: string) => AnySuite | undefined): Promise<CellRecord> {
  let request: CellRequest;
  try {
    request = decodeCellRequest(requestText);
  } catch (error) {
    return Promise.resolve({ "tribench-cell": 1, ok: false, runtime: "python", runtimeVersion: "unknown", kind: "error", reason: (error as Error).message, pids: [] });
  }
  // The JS suites are the only place sizes are defined: the Python cell gets the size's parameters.
  const suite = suiteByName(request.suite);
  const sizeParams = suite?.sizes[request.size as SizeName];
  if (!suite || sizeParams === undefined) {
    const reason = suite ? `suite ${suite.name} has no size '${request.size}'` : `unknown suite '${request.suite}'`;
    return Promise.resolve({ "tribench-cell": 1, ok: false, runtime: "python", runtimeVersion: "unknown", kind: "error", reason, pids: [] });
  }
  const pythonRequest = JSON.stringify({ ...request, sizeParams });
  return runPythonScript(python, PYTHON_CELL_SCRIPT, pythonRequest).then((exit): CellRecord =>
    exit.startError
      ? { "tribench-cell": 1, ok: false, runtime: "python", runtimeVersion: "unknown", kind: "error", reason: `could not start ${python}: ${exit.startError}`, pids: [] }
      : completePythonRecord(exit.stdout, request, suiteByName, exit),
  );
}
