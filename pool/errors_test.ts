import { test } from "node:test";
import assert from "node:assert/strict";
import { describeExit, PoolClosedError, PoolError, TaskError, TaskTimeoutError, WorkerCrashedError, WorkerStartError } from "./errors.ts";
import { errorLine } from "../runtimes/web_worker.ts";

test("every pool error is one line, typed, and carries its fields", () => {
  const errors = [
    new TaskError("collatz", "boom"),
    new TaskTimeoutError("pi", 50),
    new WorkerCrashedError("gcd", "bun", "bun/Bun.spawn+ipc", { code: null, signal: "SIGKILL" }),
    new PoolClosedError(),
    new WorkerStartError("deno", "deno/Worker", "line one\nline two"),
  ];
  for (const e of errors) {
    assert.ok(e instanceof PoolError);
    assert.ok(!e.message.includes("\n"), e.message);
    assert.ok(String(e).startsWith(e.name + ": "));
  }
  assert.equal(errors[0]!.message, "task collatz failed: boom");
  assert.match(errors[2]!.message, /task gcd on bun \(bun\/Bun\.spawn\+ipc\): signal SIGKILL/);
  assert.equal((errors[2] as WorkerCrashedError).signal, "SIGKILL");
});

test("describeExit says code, signal and uncaught error", () => {
  assert.equal(describeExit({ code: 3, signal: null }), "exit code 3");
  assert.equal(describeExit({ code: null, signal: "SIGTERM" }), "signal SIGTERM");
  assert.equal(describeExit({ code: 1, signal: null, error: "Error: x\n  at y" }), "exit code 1, uncaught error: Error: x");
});

test("errorLine finds the error in Deno's and Bun's ErrorEvent messages", () => {
  assert.equal(errorLine("Uncaught Error: boom"), "boom");
  assert.equal(errorLine("Uncaught TypeError: x is not a function"), "TypeError: x is not a function");
  assert.equal(errorLine('4 |   throw new Error("boom");\n                ^\nerror: boom\n      at <anonymous> (/w.mjs:4:28)\n'), "boom");
  assert.equal(errorLine(undefined), "uncaught error in worker");
});
