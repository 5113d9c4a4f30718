import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { killAllTracked, trackChild, trackedChildren, untrackChild } from "./child_tracker.ts";
import { compiledPath } from "../core/project.ts";
import { currentAdapter, currentRuntimeName } from "./registry.ts";

/** Gone = no such process, or a zombie nobody has reaped yet (it runs nothing). */
function processIsGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.startsWith("Z");
  } catch {
    return true;
  }
}

async function waitGone(pids: number[], ms = 3000): Promise<number[]> {
  const deadline = Date.now() + ms;
  let alive = pids.filter((p) => !processIsGone(p));
  while (alive.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
    alive = alive.filter((p) => !processIsGone(p));
  }
  return alive;
}

test("trackChild / untrackChild / killAllTracked", async () => {
  const child = spawn("sleep", ["60"], { stdio: "ignore" });
  const pid = child.pid!;
  const exited = new Promise((r) => child.on("exit", r));
  trackChild(pid, (signal) => child.kill(signal));
  trackChild(999_999_999); // an impossible pid: killing it must not throw
  assert.ok(trackedChildren().includes(pid));
  untrackChild(999_999_999);
  assert.equal(killAllTracked(), child.exitCode === null ? 1 : 0);
  assert.deepEqual(trackedChildren(), []);
  await exited;
  assert.ok(processIsGone(pid));
});

const runtime = currentRuntimeName();
const apis = runtime === "node" ? ["native"] : ["native", "node-compat"];
const install = { name: runtime, version: "", executable: process.execPath, source: "self" as const };

for (const api of apis) {
  for (const how of ["normal exit", "SIGTERM", "SIGINT"] as const) {
    test(`process workers (${api}) die with their parent on ${how}`, async () => {
      // The fixture runs with the narrow permissions commandFor gives (on Deno: read the project, run itself).
      const argv = currentAdapter().commandFor(install, compiledPath("testing/child_tracker_fixture.ts"), [how === "normal exit" ? "exit" : "wait", api]);
      const parent = spawn(argv[0]!, argv.slice(1), { stdio: ["ignore", "pipe", "inherit"] });
      const closed = new Promise<[number | null, string | null]>((r) => parent.on("exit", (code, signal) => r([code, signal])));
      let out = "";
      const line = await new Promise<string>((resolve, reject) => {
        parent.stdout.on("data", (d: Buffer) => {
          out += d;
          if (out.includes("\n")) resolve(out.split("\n")[0]!);
        });
        parent.on("exit", () => reject(new Error(`fixture ended before printing pids: ${out}`)));
      });
      const { pids } = JSON.parse(line) as { pids: number[] };
      try {
        assert.equal(pids.length, 2);
        if (how !== "normal exit") parent.kill(how);
        const [code, signal] = await closed;
        if (how === "normal exit") assert.equal(code, 0);
        else assert.ok(signal === how || code === 128 + (how === "SIGTERM" ? 15 : 2) || code === 1, `parent ended with ${code}/${signal}`);
        assert.deepEqual(await waitGone(pids), [], "worker processes outlived their parent");
      } finally {
        // The workers spin forever: if the tracker failed, do not leave them burning the machine.
        for (const pid of [...pids, parent.pid!]) {
          try {
            process.kill(pid, "SIGKILL");
          } catch {
            // Gone, as it should be.
          }
        }
      }
    });
  }
}
