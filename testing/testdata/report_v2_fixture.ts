/**
 * Test helper: the real-looking report@2 fixture `report-2runtimes-v2.json`, made by the synthetic
 * builder so its numbers are consistent (paired speedups, capacity, processes, blocks), then dressed
 * like a real run: node and deno, collatz and pi, serial, threads and processes at 1 and 2 workers,
 * 3 rounds of 10 runs, a CPU name with `|`, backticks and `<>`, noisy and slow-first-run warnings, a
 * cell where the machine gave 1.4 of 2 cores, a timed-out cell and a busy-machine run warning.
 *
 * Regenerate the JSON after changing this file (a test checks the two agree):
 * `npx tsc -p tsconfig.json && node dist/testing/testdata/report_v2_fixture.js`
 *
 * @module
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { PROJECT_ROOT } from "../../core/project.ts";
import type { Report } from "../../reports/report.ts";
import { syntheticReport, type CellSpec } from "../synthetic_reports.ts";

/** Path of the fixture file. */
export const V2_FIXTURE_PATH = join(PROJECT_ROOT, "testing", "testdata", "report-2runtimes-v2.json");

const ANSWERS: Record<string, string> = { collatz: "837799 (524 steps) below 1000000", pi: "3.14159265 from 200000000 terms" };

/** Medians (ms) per runtime, suite and cell, as the report@1 fixture measured them. */
const MEDIANS: Record<string, Record<string, Record<string, number>>> = {
  node: {
    collatz: { "serial 1": 814.23, "threads 1": 817.78, "threads 2": 415.64, "processes 1": 836.81, "processes 2": 421.87 },
    pi: { "serial 1": 305.91, "threads 1": 309.33, "threads 2": 157.35, "processes 1": 312.9, "processes 2": 160.26 },
  },
  deno: {
    // deno collatz processes x2 ran while the machine gave about 1.4 of its 2 cores.
    collatz: { "serial 1": 866.1, "threads 1": 880.8, "threads 2": 458.34, "processes 1": 885.33, "processes 2": 641.6 },
    // deno pi processes x2 timed out (see the failure below).
    pi: { "serial 1": 330.42, "threads 1": 335.74, "threads 2": 174.23, "processes 1": 338.67 },
  },
};

const WARNINGS: Record<string, string[]> = {
  "node pi processes 2": ["noisy: CV 9.1% > 5%; close other programs or add --runs"],
  "deno collatz threads 1": ["noisy: CV 17.9% > 5%; close other programs or add --runs", "first run 1.60x slower than the rest (1408.6 vs 878.5 ms); add --warmup"],
  "deno collatz processes 2": ["the machine gave 1.40 of 2 cores beside this cell: the machine, not the runtime, was the limit"],
};

/** The fixture report, built from scratch (deterministic). */
export function buildV2Fixture(): Report {
  const specs: CellSpec[] = [];
  for (const [runtime, suites] of Object.entries(MEDIANS)) {
    for (const [suite, cells] of Object.entries(suites)) {
      for (const [key, medianMs] of Object.entries(cells)) {
        const [variant, workers] = key.split(" ") as [string, string];
        const name = `${runtime} ${suite} ${key}`;
        specs.push({
          runtime, suite, variant, workers: Number(workers), medianMs, runs: 10, processes: 3, betweenCv: 0.01,
          cv: name === "node pi processes 2" ? 0.09 : name === "deno collatz threads 1" ? 0.05 : 0.006,
          answer: ANSWERS[suite]!,
          warnings: WARNINGS[name] ?? [],
          spawnMs: variant === "threads" ? 24.5 * Number(workers) : 61.3 * Number(workers),
          ...(name === "deno collatz processes 2" ? { capacity: 1.4 } : {}),
        });
      }
    }
  }
  const report = syntheticReport(specs, {
    seed: 20261125,
    createdAt: "2026-11-25T18:42:07.512Z",
    machine: {
      cpuModel: "Intel(R) Xeon(R) CPU @ 2.20GHz | vCPU `kvm` <x86_64>",
      memoryBytes: 8330584064,
      kernel: "6.1.0-18-cloud-amd64",
      hostname: "bench-runner-01",
      loadAvg: [0.42, 0.61, 0.58],
    },
    runtimeRecords: {
      node: { version: "20.20.0", executable: "/usr/local/bin/node", mechanisms: { threads: "node/worker_threads", processes: "node/child_process.fork+ipc" } },
      deno: { version: "2.9.6", executable: "/work/main/node_modules/.bin/deno", mechanisms: { threads: "deno/Worker", processes: "deno/Deno.Command+stdio" } },
    },
    warnings: ["load average 0.42 at start on 2 cores: other programs were running"],
  });
  // A budget the drawn blocks fit, as the planner would have chosen rounds for it.
  const seconds = (round?: number) => report.blocks.filter((b) => round === undefined || b.round === round).reduce((s, b) => s + b.wallMs, 0) / 1000;
  const budgetS = Math.ceil(seconds() / 60) * 60;
  Object.assign(report.plan, { warmup: 2, budgetS, firstRoundS: Math.round(seconds(0) * 10) / 10, reason: `3 rounds fit the ${budgetS} s budget` });
  Object.assign(report.config, {
    variants: ["serial", "threads", "processes"],
    workers: [1, 2],
    runs: null,
    warmup: 2,
    rounds: null,
    budgetS,
    seed: null,
    argv: ["--runtimes", "node,deno", "--suites", "collatz,pi", "--workers", "1,2", "--budget", String(budgetS)],
  });
  report.failures.push({
    runtime: "deno", suite: "pi", variant: "processes", workers: 2, size: "default", round: 1, kind: "timeout",
    reason: "cell timed out after 60000 ms (deno pi processes, 2 workers); its process tree was killed",
  });
  return report;
}

/** The fixture as written to disk: two-space JSON with arrays of numbers on one line, so diffs stay readable. */
export function fixtureJson(report: Report): string {
  return JSON.stringify(report, null, 2).replace(/\[\s*(-?[\d.e+-]+(?:,\s*-?[\d.e+-]+)*)\s*\]/g, (_, list: string) => `[${list.split(/,\s*/).join(", ")}]`) + "\n";
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(V2_FIXTURE_PATH, fixtureJson(buildV2Fixture()));
  process.stdout.write(`wrote ${V2_FIXTURE_PATH}\n`);
}
