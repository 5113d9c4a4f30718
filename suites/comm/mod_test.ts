import { test } from "node:test";
import assert from "node:assert/strict";
import { BUILTIN_SUITES, COMM_SUITES, importSuiteModule, SUITES, suiteByName, suiteProblem } from "../registry.ts";
import { COMM_SUITE_MODULE } from "./mod.ts";
import { pingPong } from "./ping_pong.ts";

test("the communication suites are built in but not in the default list; their module is a suite module", async () => {
  assert.deepEqual(COMM_SUITES.map((s) => s.name), ["ping-pong", "producer-consumer", "shared-counter"]);
  assert.ok(COMM_SUITES.every((s) => !SUITES.includes(s) && BUILTIN_SUITES.includes(s) && suiteByName(s.name) === s));
  assert.deepEqual(await importSuiteModule(COMM_SUITE_MODULE), [...COMM_SUITES]);
  for (const s of COMM_SUITES) {
    assert.equal(suiteProblem(s), undefined, s.name);
    assert.ok(s.metric && s.cases?.length && !s.variants.includes("serial"), s.name);
  }
});

test("suiteProblem names a broken communication part, case list or measure", () => {
  assert.match(suiteProblem({ ...pingPong, comm: undefined })!, /including serial/, "without comm, serial is required again");
  assert.equal(suiteProblem({ ...pingPong, comm: { prepare: () => ({}) } }), "has a comm part without prepare, run and serve functions");
  assert.match(suiteProblem({ ...pingPong, cases: [] })!, /cases that are not a non-empty list/);
  assert.match(suiteProblem({ ...pingPong, cases: [{ name: "x", description: "d", workers: 0 }] })!, /cases that are not/);
  assert.equal(suiteProblem({ ...pingPong, metric: { name: "op", unit: "µs" } }), "has a metric without a name, a unit and a perRun function");
});
