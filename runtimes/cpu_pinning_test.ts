import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";
import { cpusOfList, oneCpu } from "./cpu_pinning.ts";

test("cpusOfList reads /proc's affinity lists and refuses anything else", () => {
  assert.deepEqual(cpusOfList("0-1"), [0, 1]);
  assert.deepEqual(cpusOfList("0-2,5, 7"), [0, 1, 2, 5, 7]);
  assert.deepEqual(cpusOfList("3"), [3]);
  assert.deepEqual(cpusOfList("2-1"), []);
  assert.deepEqual(cpusOfList("a-b"), []);
  assert.deepEqual(cpusOfList(""), []);
});

test("oneCpu: the last allowed CPU through taskset on Linux; otherwise why not", () => {
  assert.deepEqual(oneCpu({ platform: "linux", taskset: "/usr/bin/taskset", allowed: [0, 1, 2, 3] }), { cpu: "3", prefix: ["/usr/bin/taskset", "-c", "3"] });
  assert.match((oneCpu({ platform: "darwin" }) as { unavailable: string }).unavailable, /needs Linux \(this is darwin\)/);
  assert.match((oneCpu({ platform: "linux", taskset: undefined }) as { unavailable: string }).unavailable, /taskset \(util-linux\), which is not on PATH/);
  assert.match((oneCpu({ platform: "linux", taskset: "/usr/bin/taskset", allowed: undefined }) as { unavailable: string }).unavailable, /affinity could not be read/);
});

const here = oneCpu();
test("a command started with the prefix runs on that one CPU, and so does a child it starts", { skip: "cpu" in here ? false : here.unavailable }, () => {
  const pin = here as { cpu: string; prefix: string[] };
  // The shell reads its own affinity, then a child's: both inherit the one CPU.
  const out = execFileSync(pin.prefix[0]!, [...pin.prefix.slice(1), "sh", "-c", "grep Cpus_allowed_list /proc/self/status; sh -c 'grep Cpus_allowed_list /proc/self/status'"], { encoding: "utf8" });
  assert.deepEqual(out.trim().split("\n").map((l) => l.split(/\s+/)[1]), [pin.cpu, pin.cpu]);
});
