/**
 * The communication suites end to end in real block processes: `scripts/block.js` on Node, Deno
 * (with a block's narrow permissions) and Bun measures every case of each communication suite on
 * threads and processes at quick size, every answer verified; a cell whose variant lacks what its
 * case needs fails as "unsupported: <why>" and the block goes on; no worker is left behind.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { ADAPTERS } from "../runtimes/registry.ts";
import { COMM_SUITES } from "../suites/registry.ts";
import type { AnySuite } from "../suites/types.ts";
import { blockProcessArgv, runMarkedProcess } from "../testing/block_process.ts";
import { HAVE_PROC, processesMarked } from "../testing/e2e.ts";
import { encodeBlockRequest, parseBlockOutput, type BlockCellSpec } from "./block_protocol.ts";

/** Every cell of `suite` a plan would run (the case's workers, else 2), and one it would never send. */
function cellsOf(suite: AnySuite): { runnable: (BlockCellSpec & { case: string })[]; unsupported: (BlockCellSpec & { case: string })[] } {
  const runnable: (BlockCellSpec & { case: string })[] = [];
  const unsupported: (BlockCellSpec & { case: string })[] = [];
  for (const variant of ["threads", "processes"] as const) {
    for (const c of suite.cases!) (c.unsupported?.[variant] ? unsupported : runnable).push({ variant, workers: c.workers ?? 2, case: c.name });
  }
  return { runnable, unsupported };
}

for (const runtime of ["node", "deno", "bun"] as const) {
  const found = await ADAPTERS[runtime].locate();
  for (const suite of COMM_SUITES) {
    const { runnable, unsupported } = cellsOf(suite);
    const cells = [...runnable, ...unsupported.slice(0, 1)];
    const request = encodeBlockRequest({ suite: suite.name, size: "quick", cells, runs: 2, warmup: 1, seed: 7 });
    test(`${runtime} ${suite.name} block: ${runnable.length} cells verified, an unsupported one says why, nothing left running`, { skip: found ? false : `${runtime} not found`, timeout: 120_000 }, async () => {
      const mark = `comm-e2e-${runtime}-${suite.name}-${process.pid}-${Date.now()}`;
      const { code, stdout, stderr } = await runMarkedProcess((await blockProcessArgv(runtime, request))!, mark);
      assert.equal(code, 0, `exit ${code}; stderr: ${stderr}`);
      const parsed = parseBlockOutput(stdout);
      assert.ok("record" in parsed, "problem" in parsed ? parsed.problem : "");
      const record = parsed.record;
      assert.ok(record.ok, JSON.stringify(record));
      assert.equal(record.cells.length, cells.length);
      record.cells.forEach((cell, i) => {
        const asked = cells[i]!;
        if (i >= runnable.length) {
          assert.ok(!cell.ok && cell.kind === "error", JSON.stringify(cell));
          assert.equal(cell.reason, `unsupported: ${suite.cases!.find((c) => c.name === asked.case)!.unsupported![asked.variant as "processes"]}`);
          return;
        }
        assert.ok(cell.ok, `${asked.variant} ${asked.case}: ${JSON.stringify(cell)}`);
        assert.equal(cell.samplesMs.length, 2);
        assert.match(cell.mechanism ?? "", new RegExp(`^${runtime}/`));
        assert.equal(cell.pids.length, asked.variant === "processes" ? asked.workers : 0);
      });
      if (HAVE_PROC) assert.deepEqual(processesMarked(mark), []);
    });
  }
}
