#!/usr/bin/env node
/**
 * `npm test`: the layer check (scripts/check_layers.ts) first, then every compiled test under Node
 * (with c8 line coverage of the product folders, at least {@link MIN_LINE_COVERAGE}%), Deno and Bun,
 * each with its own test runner. The same files run on all three, because `deno task bench` and
 * `bun run bench` run the same orchestrator, writers and analyses; a test skips on a runtime only what
 * that runtime cannot do, and says why. The last lines give the counts per runtime, then one plain
 * line `tests: N passed, N failed`.
 *
 * The test files are taken from the sources (`*_test.ts`), not from dist/, so a compiled test whose
 * source was moved or deleted never runs.
 *
 * Usage: `node dist/scripts/run_tests.js [--runtimes node,deno,bun] [path filter …]` (a filter keeps
 * the test files whose source path starts with it, e.g. `pool/` or `pool/pool_test.ts`; coverage is
 * checked only for a full run).
 *
 * @module
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const dist = join(root, "dist");
const bin = (name: string) => join(root, "node_modules", ".bin", name);

/** The line coverage `npm test` requires of the product folders (issue 12). */
const MIN_LINE_COVERAGE = 90;
/** Test helpers and fixtures: neither product nor tests. */
const TEST_FOLDER = "testing";
const SKIP = new Set(["node_modules", "dist", "coverage", "results", TEST_FOLDER]);

interface Outcome {
  readonly runtime: string;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly exitCode: number;
}

/** Source paths (relative to the root) of every `*.ts` file under the product folders, tests included. */
function sources(dir = root, found: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    if (SKIP.has(name) || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sources(path, found);
    else if (name.endsWith(".ts") && !name.endsWith(".d.ts") && dir !== root) found.push(relative(root, path));
  }
  return found;
}

const compiled = (source: string) => join(dist, source.replace(/\.ts$/, ".js"));

/** Run one test runner, echoing its output, and read its counts from that output. */
function run(runtime: string, argv: readonly string[], parse: (out: string) => Omit<Outcome, "runtime" | "exitCode">): Promise<Outcome> {
  return new Promise((resolvePromise) => {
    process.stdout.write(`\n=== ${runtime}: ${argv.slice(0, 8).map((a) => a.replace(root + "/", "")).join(" ")}${argv.length > 8 ? " …" : ""}\n`);
    const child = spawn(argv[0]!, argv.slice(1), { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d;
      process.stdout.write(d);
    });
    child.stderr.on("data", (d: Buffer) => {
      out += d;
      process.stderr.write(d);
    });
    child.on("error", (error) => {
      out += String(error);
      process.stderr.write(`${runtime}: ${error.message}\n`);
    });
    child.on("close", (code, signal) => resolvePromise({ runtime, ...parse(out), exitCode: code ?? (signal ? 1 : 0) }));
  });
}

/** The last integer the pattern captures in `out`, or 0. */
function lastInt(out: string, re: RegExp): number {
  const all = [...out.matchAll(re)];
  return all.length ? Number(all[all.length - 1]![1]) : 0;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ options: { runtimes: { type: "string", default: "node,deno,bun" } }, allowPositionals: true });
  const wanted = new Set(values.runtimes!.split(","));
  const all = sources();
  const product = all.filter((s) => !s.endsWith("_test.ts") && s !== "scripts/run_tests.ts");
  const filters = positionals.map((p) => relative(root, resolve(p)).replace(/^dist\//, "").replace(/\.js$/, ".ts"));
  const tests = all.filter((s) => s.endsWith("_test.ts") && (filters.length === 0 || filters.some((f) => s.startsWith(f))));
  const missing = tests.filter((t) => !existsSync(compiled(t)));
  if (missing.length) {
    process.stderr.write(`not built: ${missing.join(", ")}; run npx tsc -p tsconfig.json first\n`);
    return 1;
  }
  const files = tests.map(compiled);
  const outcomes: Outcome[] = [];

  outcomes.push(await run("layers", [process.execPath, compiled("scripts/check_layers.ts")], (o) => ({ passed: 0, failed: /^layers: ok/m.test(o) ? 0 : 1, skipped: 0 })));
  if (files.length === 0) process.stdout.write(`no test file matches ${positionals.join(" ")}\n`);

  // c8 judges the compiled product files only; a dist file whose source is gone is not ours to count.
  const coverage = [
    "--all", "--src", dist, "--reports-dir", join(root, "coverage"), "--exclude-node-modules",
    ...product.flatMap((s) => ["--include", relative(root, compiled(s))]),
  ];
  if (wanted.has("node") && files.length) {
    outcomes.push(await run("node", [bin("c8"), ...coverage, "--reporter=text-summary", process.execPath, "--test", ...files], (o) => ({
      passed: lastInt(o, /^(?:#|ℹ) pass (\d+)/gm),
      failed: lastInt(o, /^(?:#|ℹ) fail (\d+)/gm) + lastInt(o, /^(?:#|ℹ) cancelled (\d+)/gm),
      skipped: lastInt(o, /^(?:#|ℹ) skipped (\d+)/gm),
    })));
    if (filters.length === 0) {
      outcomes.push(await run("coverage", [bin("c8"), "check-coverage", ...coverage, "--lines", String(MIN_LINE_COVERAGE)], () => ({ passed: 0, failed: 0, skipped: 0 })));
    }
  }
  if (wanted.has("deno") && files.length) {
    outcomes.push(await run("deno", [bin("deno"), "test", "--allow-read", "--allow-write", "--allow-run", "--allow-env", "--allow-sys", "--no-prompt", "--no-check", ...files], (o) => ({
      passed: lastInt(o, /(\d+) passed/g),
      failed: lastInt(o, /(\d+) failed/g),
      skipped: lastInt(o, /(\d+) ignored/g),
    })));
  }
  if (wanted.has("bun") && files.length) {
    outcomes.push(await run("bun", [bin("bun"), "test", ...files], (o) => ({
      passed: lastInt(o, /^\s*(\d+) pass$/gm),
      failed: lastInt(o, /^\s*(\d+) fail$/gm),
      skipped: lastInt(o, /^\s*(\d+) skip$/gm),
    })));
  }

  process.stdout.write("\n");
  for (const o of outcomes) {
    if (o.runtime === "layers") process.stdout.write(`layers: ${o.exitCode === 0 ? "ok" : "violations above"}\n`);
    else if (o.runtime === "coverage") process.stdout.write(`coverage: ${o.exitCode === 0 ? `lines at or above ${MIN_LINE_COVERAGE}%` : `lines below ${MIN_LINE_COVERAGE}% (see the c8 summary above)`}\n`);
    else process.stdout.write(`${o.runtime}: ${o.passed} passed, ${o.failed} failed, ${o.skipped} skipped (exit ${o.exitCode})\n`);
  }
  const runners = outcomes.filter((o) => o.runtime !== "layers" && o.runtime !== "coverage");
  const passed = runners.reduce((s, o) => s + o.passed, 0);
  // A runner that exited non-zero with no failure counted (it crashed, or a check failed) still counts as one failure.
  const failed = outcomes.reduce((s, o) => s + (o.failed > 0 ? o.failed : o.exitCode !== 0 ? 1 : 0), 0);
  process.stdout.write(`tests: ${passed} passed, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main();
