import assert from "node:assert/strict";
import { test } from "node:test";
import { fitsBudget, planRounds } from "./budget.ts";
import { MAX_PLANNED_ROUNDS } from "./options.ts";

test("planRounds: the remaining budget buys rounds at the first round's cost, the last in part", () => {
  const p = planRounds({ firstRoundMs: 30_000, elapsedMs: 31_000, budgetMs: 140_000 });
  assert.equal(p.rounds, 5); // 109 s left -> 3.6 more rounds of 30 s: the fifth runs as far as it fits
  assert.equal(p.warning, undefined);
  assert.match(p.reason, /5 rounds for the 140 s budget \(the first round took 30 s; the last runs as far as the budget allows\)/);
  // A remainder of a few percent of a round is not worth a round.
  assert.equal(planRounds({ firstRoundMs: 30_000, elapsedMs: 30_000, budgetMs: 121_000 }).rounds, 4);
});

test("planRounds: too small a budget says so and suggests what to change", () => {
  const p = planRounds({ firstRoundMs: 100_000, elapsedMs: 101_000, budgetMs: 140_000 });
  assert.equal(p.rounds, 2);
  assert.match(p.warning!, /only 2 processes .*3 needed.*--budget.*--size.*--suites/);
  const q = planRounds({ firstRoundMs: 150_000, elapsedMs: 151_000, budgetMs: 140_000 });
  assert.equal(q.rounds, 1);
  assert.match(q.warning!, /only 1 process .*3 needed.*--budget.*--size.*--suites/);
  assert.ok(!q.warning!.includes("\n"));
});

test("planRounds: never more than the cap, never fewer than the first round", () => {
  assert.equal(planRounds({ firstRoundMs: 100, elapsedMs: 100, budgetMs: 1_000_000 }).rounds, MAX_PLANNED_ROUNDS);
  assert.equal(planRounds({ firstRoundMs: 0, elapsedMs: 0, budgetMs: 10 }).rounds, MAX_PLANNED_ROUNDS);
  assert.equal(planRounds({ firstRoundMs: 500_000, elapsedMs: 500_000, budgetMs: 10_000 }).rounds, 1);
});

test("fitsBudget: a block may start while it ends within the budget + 10%", () => {
  assert.equal(fitsBudget(150_000, 4_000, 140_000), true);
  assert.equal(fitsBudget(150_000, 5_000, 140_000), false);
});
