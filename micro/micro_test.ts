import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { describe, test } from "node:test";
import { compiledPath, PROJECT_ROOT } from "../core/project.ts";
import { currentRuntimeName } from "../runtimes/registry.ts";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MICRO_SCHEMA, type MicroReport, parseMicroArgs, planProbes, runProbe } from "./micro.ts";
import { growthPct, type MicroRow, parseProbeOutput } from "./micro_probe.ts";
import { evaluateTargets, renderMicroTable } from "./micro_report.ts";
import { UsageError } from "../core/usage.ts";

function row(over: Partial<MicroRow>): MicroRow {
  return {
    runtime: "node", kind: "threads", pool: "tribench",
    spawnMs: 20, roundTripUs: 50, tasksPerSecChunk1: 50_000, tasksPerSecAuto: 2_000_000, rssGrowthPct: 1,
    mechanism: "node/worker_threads", workers: 2, spawnMsAllWorkers: 30, workerRssGrowthPct: null, rssTasks: 100_000, rssFirstMb: 50, rssLastMb: 50.5, rssGrowthSecondHalfPct: 0.2, heapGrowthPct: 0.1,
    ...over,
  };
}

describe("parseMicroArgs", () => {
  test("defaults to every kind and pool, table output", () => {
    const o = parseMicroArgs([])!;
    assert.deepEqual(o, { runtimes: undefined, kinds: ["threads", "processes"], pools: ["tribench", "piscina", "tinypool"], json: false, quick: false });
  });
  test("reads the lists and switches", () => {
    const o = parseMicroArgs(["--runtimes", "bun,node", "--kinds", "processes", "--pools", "tribench", "--json", "--quick"])!;
    assert.deepEqual(o, { runtimes: ["bun", "node"], kinds: ["processes"], pools: ["tribench"], json: true, quick: true });
  });
  test("--help asks for the usage text", () => {
    assert.equal(parseMicroArgs(["--help"]), undefined);
  });
  test("a wrong name is a one-line usage error with the closest valid one", () => {
    assert.throws(() => parseMicroArgs(["--kinds", "thread"]), (e: Error) => e instanceof UsageError && /did you mean 'threads'/.test(e.message) && !e.message.includes("\n"));
    assert.throws(() => parseMicroArgs(["--pools", "piscna"]), /did you mean 'piscina'/);
  });
  test("an unknown flag or a stray argument is a usage error", () => {
    assert.throws(() => parseMicroArgs(["--fast"]), UsageError);
    assert.throws(() => parseMicroArgs(["node"]), UsageError);
  });
});

describe("planProbes", () => {
  test("tribench on every runtime x kind; references never on Deno; piscina has no processes", () => {
    const { probes, notes } = planProbes(["node", "deno"], ["threads", "processes"], ["tribench", "piscina", "tinypool"]);
    assert.deepEqual(probes.map((p) => `${p.runtime}/${p.kind}/${p.pool}`), [
      "node/threads/tribench", "node/threads/piscina", "node/threads/tinypool",
      "node/processes/tribench", "node/processes/tinypool",
      "deno/threads/tribench", "deno/processes/tribench",
    ]);
    assert.ok(notes.some((n) => n.startsWith("piscina not run on deno")));
    assert.ok(notes.some((n) => n.startsWith("tinypool not run on deno")));
    assert.ok(notes.some((n) => n.startsWith("piscina has no processes workers")));
  });
  test("no notes when nothing is left out", () => {
    assert.deepEqual(planProbes(["node"], ["threads"], ["tribench", "piscina"]).notes, []);
  });
});

describe("evaluateTargets", () => {
  test("checks chunk1, auto and RSS on tribench rows, and node threads against piscina", () => {
    const checks = evaluateTargets([
      row({}),
      row({ pool: "piscina", tasksPerSecChunk1: 20_000, tasksPerSecAuto: null }),
      row({ runtime: "bun", kind: "processes", tasksPerSecChunk1: 30_000, tasksPerSecAuto: 900_000, rssGrowthPct: 12 }),
    ]);
    const by = (runtime: string, target: string) => checks.find((c) => c.runtime === runtime && c.target === target);
    assert.equal(by("node", "chunk1")!.pass, true);
    assert.equal(by("node", "auto")!.pass, true);
    assert.equal(by("node", "rss")!.pass, true);
    assert.deepEqual(by("node", "vsPiscina"), { target: "vsPiscina", runtime: "node", kind: "threads", value: 2.5, threshold: 2, pass: true });
    assert.equal(by("bun", "chunk1")!.pass, false);
    assert.equal(by("bun", "auto")!.pass, false);
    assert.equal(by("bun", "rss")!.pass, false);
    assert.equal(by("bun", "vsPiscina"), undefined);
    // Reference rows are measured, not judged.
    assert.equal(checks.length, 7);
  });
  test("a missing figure is neither a pass nor a miss", () => {
    const checks = evaluateTargets([row({ tasksPerSecChunk1: null, rssGrowthPct: null })]);
    assert.equal(checks.find((c) => c.target === "chunk1")!.pass, null);
    assert.equal(checks.find((c) => c.target === "rss")!.pass, null);
  });
  test("below 2x piscina is a miss", () => {
    const checks = evaluateTargets([row({ tasksPerSecChunk1: 30_000 }), row({ pool: "piscina", tasksPerSecChunk1: 20_000 })]);
    assert.equal(checks.find((c) => c.target === "vsPiscina")!.pass, false);
  });
});

describe("renderMicroTable", () => {
  test("puts the verdict beside each judged figure and lists misses and notes", () => {
    const rows = [row({}), row({ kind: "processes", tasksPerSecChunk1: 30_000 }), row({ runtime: "bun", error: "timed out", tasksPerSecChunk1: null })];
    const text = renderMicroTable({ workers: 2, quick: false, rows, targets: evaluateTargets(rows), notes: ["a note"] });
    assert.match(text, /node +threads +tribench .* 50\.0k ok +2\.00M ok +\+1\.0% ok/);
    assert.match(text, /30\.0k MISS/);
    assert.match(text, /bun +threads +tribench +failed/);
    assert.match(text, /missed: node processes chunk1/);
    assert.match(text, /note: a note/);
  });
});

describe("probe helpers", () => {
  test("parseProbeOutput finds the marked line among other output", () => {
    const r = row({});
    assert.deepEqual(parseProbeOutput(`some library chatter\ntribench-micro-row ${JSON.stringify(r)}\n`), r);
    assert.deepEqual(parseProbeOutput('tribench-micro-row {"probeError":"boom"}\n'), { probeError: "boom" });
    assert.equal(parseProbeOutput("nothing here\n"), undefined);
    assert.equal(parseProbeOutput('tribench-micro-row {"cut'), undefined);
  });
  test("growthPct is the percent change, one decimal", () => {
    assert.equal(growthPct(100, 105), 5);
    assert.equal(growthPct(300, 290), -3.3);
  });
});

/** Run the real command (Node side only: it spawns every runtime itself, so once is enough). */
function runMicro(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [compiledPath("scripts/tribench.ts"), "micro", ...args], { cwd: PROJECT_ROOT, timeout: 90_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

const FIGURES = ["spawnMs", "roundTripUs", "tasksPerSecChunk1", "tasksPerSecAuto", "rssGrowthPct"] as const;

// `tribench micro` is started by Node only (no deno task or bun script runs it); it probes Deno and Bun itself.
const microHost = currentRuntimeName() === "node" ? false : "tribench micro runs on Node only; from Node it probes all three runtimes";
describe("tribench micro --quick --json (spawns node, deno and bun)", { skip: microHost }, () => {
  test("one well-formed tribench row per runtime x kind", { timeout: 90_000 }, async () => {
    const { code, stdout, stderr } = await runMicro(["--quick", "--json", "--pools", "tribench"]);
    assert.equal(code, 0, stderr);
    const report = JSON.parse(stdout) as MicroReport;
    assert.equal(report.schema, MICRO_SCHEMA);
    assert.equal(typeof report.machine.logicalCores, "number");
    assert.deepEqual(report.rows.map((r) => `${r.runtime}/${r.kind}/${r.pool}`), [
      "node/threads/tribench", "node/processes/tribench",
      "deno/threads/tribench", "deno/processes/tribench",
      "bun/threads/tribench", "bun/processes/tribench",
    ]);
    for (const r of report.rows) {
      assert.equal(r.error, undefined, `${r.runtime} ${r.kind}: ${r.error}`);
      for (const f of FIGURES) assert.ok(typeof r[f] === "number" && Number.isFinite(r[f]) && (f === "rssGrowthPct" || r[f]! > 0), `${r.runtime} ${r.kind} ${f} = ${r[f]}`);
      assert.match(r.mechanism, new RegExp(`^${r.runtime}/`));
    }
    assert.ok(report.targets.length >= 18);
    assert.ok(!report.notes.some((n) => /leftover|still running/.test(n)), report.notes.join("\n"));
  });

  test("reference rows: piscina and tinypool on node threads, null where a figure does not apply", { timeout: 90_000 }, async () => {
    const { code, stdout, stderr } = await runMicro(["--quick", "--json", "--runtimes", "node", "--kinds", "threads", "--pools", "piscina,tinypool"]);
    assert.equal(code, 0, stderr);
    const report = JSON.parse(stdout) as MicroReport;
    assert.deepEqual(report.rows.map((r) => `${r.pool}:${r.mechanism}`), ["piscina:piscina/worker_threads", "tinypool:tinypool/worker_threads"]);
    for (const r of report.rows) {
      assert.equal(r.tasksPerSecAuto, null);
      assert.ok(r.tasksPerSecChunk1! > 0 && r.roundTripUs! > 0 && r.spawnMs! > 0);
    }
    // Targets judge tribench's pool only.
    assert.deepEqual(report.targets, []);
  });

  test("a probe that hangs is killed at its time limit, with the processes it started", { timeout: 30_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "tribench-micro-"));
    try {
      const pidFile = join(dir, "grandchild.pid");
      const script = `const c = require("node:child_process").spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
        require("node:fs").writeFileSync(${JSON.stringify(pidFile)}, String(c.pid)); setInterval(() => {}, 1000);`;
      const outcome = await runProbe([process.execPath, "-e", script], 1500);
      assert.match(outcome.error ?? "", /^timed out after 1\.5 s/);
      assert.equal(outcome.row, undefined);
      const grandchild = Number(readFileSync(pidFile, "utf8"));
      let state = "gone";
      try {
        state = readFileSync(`/proc/${grandchild}/stat`, "utf8").split(") ")[1]![0]!;
      } catch {
        // No such process: gone.
      }
      assert.ok(state === "gone" || state === "Z", `the hung probe's child is still ${state}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a probe that exits without a row is reported with its error line", { timeout: 30_000 }, async () => {
    const outcome = await runProbe([process.execPath, "-e", "console.error('Error: no such pool'); process.exit(3)"], 10_000);
    assert.equal(outcome.error, "exited with code 3 without a result: Error: no such pool");
  });

  test("a bad flag exits 2 with one line", { timeout: 30_000 }, async () => {
    const { code, stdout, stderr } = await runMicro(["--kinds", "fibers"]);
    assert.equal(code, 2);
    assert.equal(stdout, "");
    assert.equal(stderr.trim().split("\n").length, 1);
    assert.match(stderr, /unknown kind 'fibers'/);
  });
});
