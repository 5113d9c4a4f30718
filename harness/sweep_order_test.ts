import assert from "node:assert/strict";
import { test } from "node:test";
import { sweepOrders, warmupOrders } from "./sweep_order.ts";

const isPermutation = (order: readonly number[], n: number) => order.length === n && [...order].sort((a, b) => a - b).every((x, i) => x === i);

test("every sweep's order is a permutation of the cells", () => {
  for (const n of [1, 2, 5, 9]) {
    const orders = sweepOrders(n, 12, 42);
    assert.equal(orders.length, 12);
    for (const order of orders) assert.ok(isPermutation(order, n), `${order} is not a permutation of 0..${n - 1}`);
  }
});

test("a seed replays the same orders; another seed gives others", () => {
  assert.deepEqual(sweepOrders(5, 10, 7), sweepOrders(5, 10, 7));
  assert.notDeepEqual(sweepOrders(5, 10, 7), sweepOrders(5, 10, 8));
});

test("sweep k's order does not depend on how many sweeps follow", () => {
  assert.deepEqual(sweepOrders(4, 3, 99), sweepOrders(4, 10, 99).slice(0, 3));
});

test("orders differ between sweeps, and the serial cell is not held first", () => {
  const orders = sweepOrders(3, 30, 2024);
  assert.ok(new Set(orders.map((o) => o.join())).size > 1, "all 30 sweeps drew the same order");
  assert.ok(orders.some((o) => o[0] !== 0), "cell 0 opened every sweep");
});

test("warm-up orders are permutations from their own stream", () => {
  const warm = warmupOrders(4, 6, 7);
  for (const order of warm) assert.ok(isPermutation(order, 4));
  assert.deepEqual(warm, warmupOrders(4, 6, 7));
  assert.notDeepEqual(warm, sweepOrders(4, 6, 7));
});

test("bad counts are refused", () => {
  assert.throws(() => sweepOrders(-1, 2, 1), RangeError);
  assert.throws(() => sweepOrders(2, 1.5, 1), RangeError);
  assert.deepEqual(sweepOrders(3, 0, 1), []);
});
