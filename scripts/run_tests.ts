#!/usr/bin/env node
/**
 * `npm test`: runs the compiled tests under Node (all of them, with c8 coverage), then the
 * cross-runtime ones (runtimes/, suites/, bench/) under Deno and Bun with their own test runners, and
 * closes with one plain line `tests: N passed, N failed`.
 *
 * Usage: `node dist/scripts/run_tests.js [--runtimes node,deno,bun] [path filter …]`
 *
 * @module
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const dist = join(root, "dist");
const bin = (name: string) => join(root, "node_modules", ".bin", name);

/** Folders whose tests must pass on every runtime, not only Node. */
const CROSS_RUNTIME_DIRS = ["runtimes", "suites", "bench"];

interface RunnerOutcome {
  runtime: string;
  passed: number;
  failed: number;
  exitCode: number;
}

function run(runtime: string, argv: string[], parse: (out: string) => { passed: number; failed: number }): Promise<RunnerOutcome> {
  return new Promise((resolvePromise) => {
    process.stdout.write(`\n=== ${runtime}: ${argv.map((a) => a.replace(root + "/", "")).join(" ")}\n`);
    const child = spawn(argv[0]!, argv.slice(1), { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
    let out = "";
    child.stdout.on("data", (d: Buffer) => { out += d; process.stdout.write(d); });
    child.stderr.on("data", (d: Buffer) => { out += d; process.stderr.write(d); });
    child.on("close", (code, signal) => {
      const counts = parse(out);
      resolvePromise({ runtime, ...counts, exitCode: code ?? (signal ? 1 : 0) });
    });
  });
}

const lastInt = (out: string, re: RegExp): number => {
  const all = [...out.matchAll(re)];
  return all.length ? Number(all[all.length - 1]![1]) : 0;
};

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ options: { runtimes: { type: "string", default: "node,deno,bun" } }, allowPositionals: true });
  const wanted = new Set(values.runtimes!.split(","));
  const crossDirs = CROSS_RUNTIME_DIRS.map((d) => join(dist, d)).filter((d) => existsSync(d));
  const nodeTargets = positionals.length ? positionals : [dist];
  const crossTargets = positionals.length ? positionals : crossDirs;
  const outcomes: RunnerOutcome[] = [];

  if (wanted.has("node")) {
    outcomes.push(await run("node", [bin("c8"), "--reporter=text-summary", "--reports-dir=coverage", "--exclude=dist/**/*_test.js", process.execPath, "--test", ...nodeTargets],
      (o) => ({ passed: lastInt(o, /^# pass (\d+)/gm), failed: lastInt(o, /^# fail (\d+)/gm) })));
  }
  if (wanted.has("deno") && crossTargets.length) {
    outcomes.push(await run("deno", [bin("deno"), "test", "--allow-read", "--allow-write", "--allow-run", "--allow-env", "--allow-sys", "--no-prompt", "--no-check", ...crossTargets],
      (o) => ({ passed: lastInt(o, /(\d+) passed/g), failed: lastInt(o, /(\d+) failed/g) })));
  }
  if (wanted.has("bun") && crossTargets.length) {
    outcomes.push(await run("bun", [bin("bun"), "test", ...crossTargets.map((t) => (t.startsWith("/") ? t : "./" + t))],
      (o) => ({ passed: lastInt(o, /^\s*(\d+) pass$/gm), failed: lastInt(o, /^\s*(\d+) fail$/gm) })));
  }

  process.stdout.write("\n");
  for (const o of outcomes) process.stdout.write(`${o.runtime}: ${o.passed} passed, ${o.failed} failed (exit ${o.exitCode})\n`);
  const passed = outcomes.reduce((s, o) => s + o.passed, 0);
  const failed = outcomes.reduce((s, o) => s + o.failed, 0);
  const broken = outcomes.some((o) => o.exitCode !== 0);
  // A runner that exited non-zero but reported no failure still fails the run.
  process.stdout.write(`tests: ${passed} passed, ${failed + (broken && failed === 0 ? 1 : 0)} failed\n`);
  return broken || failed > 0 ? 1 : 0;
}

process.exitCode = await main();
