/**
 * Every kind of bad input issue 5 names, in one table, against the built `tribench` as a child
 * process on the runtime running this test (so `npm test` covers Node, Deno with the `deno task bench`
 * permissions, and Bun): exactly one line on stderr, `tribench: <message>`, nothing on stdout, exit
 * code 2, no stack trace. cli_test.ts, compare_cli_test.ts and merge_cli_test.ts test the parsers and
 * loaders in depth; this table is the checklist, end to end, on every runtime.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { PROJECT_ROOT } from "../core/project.ts";
import { currentRuntimeName } from "../runtimes/registry.ts";
import { REPORT_SCHEMA } from "../reports/report.ts";
import { PYTHON_ENV_VAR } from "../runtimes/python.ts";
import { runTribench } from "../testing/e2e.ts";

const tmp = mkdtempSync(join(tmpdir(), "tribench-bad-input-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

const file = (name: string, content: string) => (writeFileSync(join(tmp, name), content), join(tmp, name));
const REPORT = join(PROJECT_ROOT, "testing", "testdata", "compare", "base.json");
const reportText = readFileSync(REPORT, "utf8");
const dir = join(tmp, "a-folder");
mkdirSync(dir);
const SCHEMA = REPORT_SCHEMA.replace("/", "\\/");
const BAD_REPORTS: [string, string, RegExp][] = [
  ["missing file", join(tmp, "nope.json"), /^cannot read report '.*nope\.json': no such file$/],
  ["directory", dir, /^'.*a-folder' is a directory, not a report file$/],
  ["empty file", file("empty.json", ""), /^'.*empty\.json' is empty, not a tribench report$/],
  ["corrupt JSON", file("corrupt.json", reportText.slice(0, 300)), /^'.*corrupt\.json' is not valid JSON \(.+\)$/],
  ["not a tribench report", file("package.json", '{"name": "x", "version": "1.0.0"}'), new RegExp(`^'.*package\\.json': not a tribench report: no "schema": "${SCHEMA}" field$`)],
  ["newer schema", file("newer.json", reportText.replace(/"tribench\/report@\d+"/, '"tribench/report@9"')), new RegExp(`report schema tribench\\/report@9 is newer than this tribench reads \\(${SCHEMA}\\); upgrade tribench$`)],
];
const SUITES = "collatz, pi, gcd, countdown, primes, io, ping-pong, producer-consumer, shared-counter";

/** [what, argv after the program, message without the `tribench: ` prefix, extra environment]. */
const CASES: [string, string[], RegExp, Record<string, string>?][] = [
  ["unknown verb", ["frobnicate"], /^unknown verb 'frobnicate' \(did you mean '\w+'\?\); valid: bench, micro, compare, merge, runtimes$/],
  ["unknown suite", ["--suites", "colatz"], new RegExp(`^unknown suite 'colatz' \\(did you mean 'collatz'\\?\\); valid: ${SUITES}$`)],
  // The test-only fault suites exist only when their module is given with --suite-file: a normal run cannot reach one.
  ["fault suite without its --suite-file", ["--suites", "fault-exit"], new RegExp(`^unknown suite 'fault-exit' \\(did you mean '\\w+'\\?\\); valid: ${SUITES}$`)],
  ["unknown variant", ["--variants", "thread"], /^unknown variant 'thread' \(did you mean 'threads'\?\); valid: serial, async, threads, processes$/],
  ["unknown runtime", ["--runtimes", "nodejs"], /^unknown runtime 'nodejs' \(did you mean 'node'\?\); valid: node, deno, bun, python$/],
  ["--workers 0", ["--workers", "0"], /^--workers must be at least 1; got 0$/],
  ["--workers -1", ["--workers", "-1"], /^--workers must be at least 1; got -1$/],
  ["--workers abc", ["--workers", "abc"], /^--workers takes whole numbers like 2 or 1,2,4; got 'abc'$/],
  ["--workers 1.5", ["--workers", "1.5"], /^--workers takes whole numbers like 2 or 1,2,4; got '1\.5'$/],
  ["--workers absurdly large", ["--workers", "1000000"], /^--workers 1000000 is above the cap of 256 \(this machine has \d+ logical cores\)$/],
  ["--runs 0", ["--runs", "0"], /^--runs must be from 1 to 10000; got 0$/],
  ["--rounds 0", ["--rounds", "0"], /^--rounds must be from 1 to 10000; got 0$/],
  ["--seed negative", ["--seed", "-1"], /^--seed takes a whole number from 0 to 4294967295; got '-1'$/],
  ["--budget 0", ["--budget", "0"], /^--budget takes seconds, a number above 0 and at most 86400; got '0'$/],
  ["--suite-file missing", ["--suite-file", join(tmp, "nope.suite.js")], /^--suite-file .*nope\.suite\.js does not exist$/],
  ["unknown --api", ["--api", "compat"], /^unknown api 'compat' \(did you mean '[\w-]+'\?\); valid: native, node-compat$/],
  ["unknown --size", ["--size", "huge"], /^unknown size 'huge' \(did you mean '\w+'\?\); valid: quick, seed, default, large$/],
  ["--list with a run flag", ["--list", "--json"], /^--list cannot be combined with --json; it only lists what is available$/],
  ["--workers without a pooled variant", ["--variants", "serial", "--workers", "2"], /^--workers applies to the threads and processes variants, but --variants serial has neither$/],
  ["a variant no chosen suite has", ["--suites", "collatz", "--variants", "async"], /^no selected suite has the async variant \(only io has it\)$/],
  ["a runtime asked for that is not installed", ["--runtimes", "python", "--suites", "pi", "--size", "quick", "--out", join(tmp, "never")],
    /^runtime 'python' is not installed; install Python 3\.8 or newer and put python3 on PATH \(or set TRIBENCH_PYTHON\)$/, { [PYTHON_ENV_VAR]: "/nonexistent/tribench-python3" }],
  // (Not /dev/null/sub: Deno refuses any path under /dev without --allow-all, which says "permission denied".)
  ["--out under a file", ["--out", join(file("a-file", "x"), "sub")], /^--out .*a-file\/sub is not writable \(a parent is not a folder\)$/],
  ["--out is a file", ["--out", join(tmp, "a-file")], /^--out .*a-file is a file, not a folder$/],
  ...BAD_REPORTS.flatMap(([what, path, message]): [string, string[], RegExp][] => [
    [`compare: ${what}`, ["compare", REPORT, path], message],
    [`merge: ${what}`, ["merge", path, REPORT], message],
  ]),
];

/** Run `jobs` with at most `limit` at a time (each is a runtime process; a 2-core box is shared). */
async function pooled<T>(jobs: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results = new Array<T>(jobs.length);
  let next = 0;
  const lane = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]!();
    }
  };
  await Promise.all(Array.from({ length: limit }, lane));
  return results;
}

test(`bad input to the built tribench on ${currentRuntimeName()}: one line on stderr, exit 2, no stack trace (${CASES.length} cases)`, { timeout: 180_000 }, async () => {
  const outcomes = await pooled(CASES.map(([, args, , env]) => () => runTribench(args, env)), 4);
  const problems: string[] = [];
  CASES.forEach(([what, args, message], i) => {
    const { code, stdout, stderr } = outcomes[i]!;
    const line = stderr.endsWith("\n") ? stderr.slice(0, -1) : stderr;
    const why = [
      code !== 2 && `exit ${code}`,
      stdout !== "" && `stdout ${JSON.stringify(stdout.slice(0, 200))}`,
      (line.includes("\n") || !stderr.endsWith("\n")) && "not exactly one line",
      /^\s+at /m.test(stderr) && "stack trace",
      !line.startsWith("tribench: ") && "no 'tribench: ' prefix",
      !message.test(line.replace(/^tribench: /, "")) && `message does not match ${message}`,
    ].filter(Boolean);
    if (why.length) problems.push(`${what} (${args.join(" ")}): ${why.join("; ")}: ${JSON.stringify(stderr.slice(0, 400))}`);
  });
  assert.deepEqual(problems, []);
});
