import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { PROJECT_ROOT } from "../core/project.ts";
import { suiteProblem } from "../suites/registry.ts";
import type { AnySuite } from "../suites/types.ts";
import { answerOf } from "../testing/suite_checks.ts";
import { bufferLength, hash, suites as hashSuites } from "./hash.suite.ts";
import { corpusDocument, json, KNOWN_ANSWERS, suites as jsonSuites } from "./json.suite.ts";

const EXAMPLES: readonly AnySuite[] = [hash, json];

/** `python3 examples/<script> N` parsed, or undefined when there is no python3 here. */
function python(script: string, n: number): Promise<unknown> {
  return new Promise((done) => {
    execFile("python3", [join(PROJECT_ROOT, "examples", script), String(n)], (error, stdout) => done(error ? undefined : JSON.parse(stdout)));
  });
}

for (const suite of EXAMPLES) {
  test(`${suite.name}: the kernels verify at quick and seed size, and a changed answer does not`, async () => {
    assert.equal(suiteProblem(suite), undefined);
    for (const name of ["quick", "seed"] as const) {
      const size = suite.sizes[name];
      const answer = (await answerOf(suite, size, suite.tasksFor(size))) as { digest: string };
      assert.deepEqual(suite.verify(answer, size), { ok: true }, name);
      assert.equal(suite.verify({ ...answer, digest: answer.digest.replace(/^./, (c) => (c === "0" ? "1" : "0")) }, size).ok, false);
      assert.match(suite.describeAnswer(answer), /digest [0-9a-f]{12}$/);
    }
  });

  test(`${suite.name}: the answer does not depend on how the work is split`, async () => {
    const size = suite.sizes.seed;
    const answers = await Promise.all([1, 3, 16, 1000].map((parts) => answerOf(suite, size, parts)));
    for (const a of answers) assert.deepEqual(a, answers[0]);
  });
}

test("each example file exports its suite as `suites`, the form a suite file may use", () => {
  assert.deepEqual(hashSuites, [hash]);
  assert.deepEqual(jsonSuites, [json]);
});

test("the hash corpus spans 1 KiB to 1 MiB and the json corpus is deterministic", () => {
  const lengths = Array.from({ length: 11 }, (_, i) => bufferLength(i) - (i % 61));
  assert.deepEqual([...lengths].sort((a, b) => a - b), Array.from({ length: 11 }, (_, k) => 2 ** (10 + k)));
  assert.deepEqual(corpusDocument(5), corpusDocument(5));
  assert.notDeepEqual(corpusDocument(5), corpusDocument(6));
});

test("the pinned answers match an independent CPython computation (skipped without python3)", async (t) => {
  const hashPy = await python("hash_answers.py", hash.sizes.seed.buffers);
  if (hashPy === undefined) return t.skip("python3 is not installed here");
  const size = hash.sizes.seed;
  assert.deepEqual(hashPy, await answerOf(hash, size, hash.tasksFor(size)));
  const jsonPy = (await python("json_answers.py", json.sizes.seed.documents)) as { documents: number; bytes: number; digest: string };
  assert.deepEqual(jsonPy, { documents: json.sizes.seed.documents, ...KNOWN_ANSWERS[json.sizes.seed.documents] });
});
