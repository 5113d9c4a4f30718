import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { test } from "node:test";
import { processAlive } from "./process_group.ts";

test("processAlive: this process is alive; a child that exited and was reaped is not", async () => {
  assert.equal(processAlive(process.pid), true);
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  const pid = child.pid!;
  assert.equal(typeof pid, "number");
  await new Promise((resolve) => child.on("close", resolve));
  assert.equal(processAlive(pid), false);
});
