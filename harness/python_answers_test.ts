import { test } from "node:test";
import assert from "node:assert/strict";
import { currentRuntimeName } from "../runtimes/registry.ts";
import { pythonRuntime } from "../runtimes/python.ts";
import { SUITES, suiteByName } from "../suites/registry.ts";
import type { BlockCellSpec, BlockSuccessRecord } from "./block_protocol.ts";
import { runPythonBlock } from "./python_block.ts";
import { prepareTasks, runTasks } from "./run_variant.ts";

// CPython's answers at quick size, every suite and every variant, each run checked by the JS suite's
// own verify through the JS block host. Apart from python_block_test.ts so each file stays well under a
// minute of CPython.
const install = await pythonRuntime.locate();
const NO_PYTHON = install ? false : "no CPython 3.8+ found (python3 / python on PATH, or $TRIBENCH_PYTHON): python blocks are skipped";
// Checked once, under Node: the Python side does not depend on the JS runtime that hosts it, and the
// set takes tens of seconds of CPython (python_block_test.ts runs blocks on Deno and Bun too).
const FULL = NO_PYTHON || (currentRuntimeName() === "node" ? false : `CPython answers are checked under node, not again on ${currentRuntimeName()}`);
for (const suite of SUITES) {
  const variants = `serial${suite.variants.includes("async") ? ", async" : ""}, threads x2, processes x2`;
  test(`CPython ${suite.name} at quick size: ${variants} in one block, every answer verified`, { skip: FULL }, async () => {
    const cells: BlockCellSpec[] = [
      { variant: "serial", workers: 1 },
      ...(suite.variants.includes("async") ? [{ variant: "async", workers: 1 }] : []),
      { variant: "threads", workers: 2 },
      { variant: "processes", workers: 2 },
    ];
    const request = { "tribench-block-request": 1 as const, suite: suite.name, size: "quick", cells, runs: 1, warmup: 0, seed: 1, capacity: { workers: 2 } };
    const record = await runPythonBlock(install!.executable, JSON.stringify(request), suiteByName);
    assert.ok(record.ok, record.ok ? "" : record.reason);
    const expected = suite.describeAnswer(await runTasks(suite, prepareTasks(suite, suite.sizes.quick), "serial"));
    for (const cell of (record as BlockSuccessRecord).cells) {
      assert.ok(cell.ok, `python ${suite.name} quick ${cell.variant} x${cell.workers}: ${cell.ok ? "" : cell.reason}`);
      assert.equal(cell.answer, expected, `${cell.variant} x${cell.workers} describes the JS answer`);
    }
  });
}
