/**
 * The command line: the parser as a function (table of good and bad input), and the built `tribench`
 * as a child process on the runtime running this test (Deno with the `deno task bench` permissions
 * from deno.json), asserting for bad input exactly one line on stderr, nothing on stdout, exit 2.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { PROJECT_ROOT } from "../core/project.ts";
import { currentRuntimeName } from "../runtimes/registry.ts";
import { runTribench } from "../testing/e2e.ts";
import { DEFAULT_RUNS, DEFAULT_WARMUP, HELP, MAX_WORKERS, parseBenchArgs, parseWorkers, type ParseContext } from "./bench_args.ts";
import { UsageError } from "../core/usage.ts";

const ctx: ParseContext = {
  suites: [
    { name: "collatz", variants: ["serial", "threads", "processes"] },
    { name: "io", variants: ["serial", "async", "threads", "processes"] },
  ],
  logicalCores: 2,
  cwd: "/somewhere",
};

test("defaults: all suites and variants, workers = cores, default size, results/", () => {
  const cmd = parseBenchArgs([], ctx);
  assert.equal(cmd.kind, "run");
  if (cmd.kind !== "run") return;
  assert.deepEqual(cmd.options.suites, ["collatz", "io"]);
  assert.deepEqual(cmd.options.variants, ["serial", "async", "threads", "processes"]);
  assert.deepEqual(cmd.options.workers, [2]);
  assert.equal(cmd.options.runtimes, undefined);
  assert.equal(cmd.options.size, "default");
  assert.equal(cmd.options.runs, DEFAULT_RUNS);
  assert.equal(cmd.options.warmup, DEFAULT_WARMUP);
  assert.equal(cmd.options.out, "/somewhere/results");
  assert.equal(cmd.options.json, false);
  assert.equal(cmd.options.cellTimeoutMs, undefined);
  // No rounds, budget or seed given: the budget plans the rounds and the seed is drawn at run time.
  assert.equal(cmd.options.runsGiven, false);
  assert.equal(cmd.options.rounds, undefined);
  assert.equal(cmd.options.budgetS, undefined);
  assert.equal(cmd.options.seed, undefined);
  assert.deepEqual(cmd.options.suiteModules, []);
});

test("every flag is read", () => {
  const args = ["--runtimes", "deno,bun", "--suites=io", "--variants", "serial,async,threads", "--workers", "4,1,2,2", "--size", "quick", "--runs", "9", "--warmup", "0",
    "--rounds", "3", "--budget", "42.5", "--seed", "4294967295", "--out", "/tmp/r", "--json", "--cell-timeout", "2.5", "--api", "node-compat", "--no-pin"];
  const cmd = parseBenchArgs(args, ctx);
  assert.ok(cmd.kind === "run");
  assert.deepEqual(cmd.options, {
    runtimes: ["deno", "bun"], suites: ["io"], variants: ["serial", "async", "threads"], workers: [1, 2, 4], size: "quick",
    runs: 9, runsGiven: true, warmup: 0, rounds: 3, budgetS: 42.5, seed: 4294967295, out: "/tmp/r", json: true, cellTimeoutMs: 2500,
    api: "node-compat", pin: false, suiteModules: [], suiteFailures: [], argv: args,
  });
  assert.equal((parseBenchArgs([], ctx) as { options: { pin: boolean } }).options.pin, true);
  assert.deepEqual(parseBenchArgs(["--help", "--runs", "0"], ctx), { kind: "help" });
  assert.deepEqual(parseBenchArgs(["--version"], ctx), { kind: "version" });
  assert.deepEqual(parseBenchArgs(["--list"], ctx), { kind: "list", runtimes: { specs: undefined, cacheDir: undefined } });
  assert.ok(HELP.includes("--cell-timeout") && HELP.includes("--api native|node-compat"));
  for (const flag of ["--rounds", "--budget", "--seed", "--suite-file"]) assert.ok(HELP.includes(flag), `--help names ${flag}`);
  assert.equal(parseBenchArgs([], ctx).kind === "run" && (parseBenchArgs([], ctx) as { options: { api: string } }).options.api, "native");
});

/** Bad input and the line it must produce (the `tribench: ` prefix is the entry point's). */
const BAD: [string[], RegExp][] = [
  [["--suites", "colatz"], /^unknown suite 'colatz' \(did you mean 'collatz'\?\); valid: collatz, io$/],
  [["--variants", "thread"], /^unknown variant 'thread' \(did you mean 'threads'\?\); valid: serial, async, threads, processes$/],
  [["--runtimes", "nodejs"], /^unknown runtime 'nodejs' \(did you mean 'node'\?\); valid: node, deno, bun\b/],
  [["--size", "huge"], /^unknown size 'huge' .*valid: quick, seed, default, large$/],
  [["--workers", "0"], /^--workers must be at least 1; got 0$/],
  [["--workers", "-1"], /^--workers must be at least 1; got -1$/],
  [["--workers", "abc"], /^--workers takes whole numbers like 2 or 1,2,4; got 'abc'$/],
  [["--workers", "1.5"], /^--workers takes whole numbers like 2 or 1,2,4; got '1.5'$/],
  [["--workers", "1,,2"], /^--workers takes whole numbers/],
  [["--workers", "100000"], /^--workers 100000 is above the cap of 256 \(this machine has 2 logical cores\)$/],
  [["--runs", "0"], /^--runs must be from 1 to 10000; got 0$/],
  [["--runs", "many"], /^--runs takes a whole number from 1 to 10000; got 'many'$/],
  [["--rounds", "0"], /^--rounds must be from 1 to 10000; got 0$/],
  [["--rounds", "two"], /^--rounds takes a whole number from 1 to 10000; got 'two'$/],
  [["--seed", "4294967296"], /^--seed must be from 0 to 4294967295; got 4294967296$/],
  [["--seed", "1.5"], /^--seed takes a whole number from 0 to 4294967295; got '1\.5'$/],
  [["--budget", "0"], /^--budget takes seconds, a number above 0 and at most 86400; got '0'$/],
  [["--budget", "soon"], /^--budget takes seconds/],
  [["--warmup", "-2"], /^--warmup takes a whole number/],
  [["--cell-timeout", "0"], /^--cell-timeout takes seconds/],
  [["--cell-timeout", "soon"], /^--cell-timeout takes seconds/],
  [["--runs"], /^--runs needs a value/],
  [["--json=yes"], /^--json takes no value$/],
  [["--frobnicate"], /^unknown option '--frobnicate'/],
  [["-x"], /^unknown option '-x'; see tribench --help$/],
  [["stray"], /^unexpected argument 'stray'/],
  [["--list", "--json"], /^--list cannot be combined with --json/],
  [["--suites", "collatz", "--variants", "async"], /^no selected suite has the async variant \(only io has it\)$/],
  [["--variants", "serial,async", "--workers", "2"], /^--workers applies to the threads and processes variants/],
];

test("bad input: one line, UsageError", () => {
  for (const [args, message] of BAD) {
    assert.throws(() => parseBenchArgs(args, ctx), (e: unknown) => e instanceof UsageError && message.test(e.message) && !e.message.includes("\n"), args.join(" "));
  }
});

test("parseWorkers sorts, dedupes and caps", () => {
  assert.deepEqual(parseWorkers("4,2,4,1", 2), [1, 2, 4]);
  assert.deepEqual(parseWorkers(String(MAX_WORKERS), 2), [MAX_WORKERS]);
  assert.throws(() => parseWorkers(String(MAX_WORKERS + 1), 2), UsageError);
});

/** The CLI-level cases: the parser table's first lines plus what only main() checks. */
const CLI_BAD: [string[], RegExp][] = [
  [["frobnicate"], /^tribench: unknown verb 'frobnicate' \(did you mean '\w+'\?\); valid: bench, micro, compare, merge, runtimes$/],
  [["--suites", "colatz"], /^tribench: unknown suite 'colatz' \(did you mean 'collatz'\?\)/],
  [["--workers", "abc"], /^tribench: --workers takes whole numbers/],
  [["--workers", "1000"], /^tribench: --workers 1000 is above the cap of 256/],
  [["--runs", "0"], /^tribench: --runs must be from 1/],
  [["--size", "huge"], /^tribench: unknown size 'huge'/],
  [["--list", "--runs", "3"], /^tribench: --list cannot be combined with --runs/],
  [["--out", "/dev/null/sub"], /^tribench: --out \/dev\/null\/sub is not writable/],
  [["--out", "package.json"], /^tribench: --out package.json is a file, not a folder$/],
];

test("the built CLI: bad input prints one line on stderr and exits 2", async () => {
  const outcomes = await Promise.all(CLI_BAD.map(([args]) => runTribench(args)));
  CLI_BAD.forEach(([args, message], i) => {
    const { code, stdout, stderr } = outcomes[i]!;
    assert.equal(code, 2, `${args.join(" ")}: ${stderr}`);
    assert.equal(stdout, "", args.join(" "));
    assert.ok(stderr.endsWith("\n") && stderr.split("\n").length === 2, `one line expected for ${args.join(" ")}: ${JSON.stringify(stderr)}`);
    assert.match(stderr.trimEnd(), message);
  });
});

test("the built CLI: --version, --help and --list exit 0 on stdout", async () => {
  const [version, help, list] = await Promise.all([runTribench(["--version"]), runTribench(["--help"]), runTribench(["--list"])]);
  const pkg = JSON.parse(readFileSync(`${PROJECT_ROOT}/package.json`, "utf8")) as { version: string };
  assert.equal(version.code, 0);
  assert.equal(version.stdout, `tribench ${pkg.version}\n`);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^tribench: /);
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, /^suites:\n/);
  // The runtime running the test is installed by definition, with its version.
  const self = currentRuntimeName();
  assert.match(list.stdout, new RegExp(`^  ${self}\\s+\\d+\\.\\d+\\.\\d+\\s+/`, "m"));
  assert.equal(list.stderr, "");
});
