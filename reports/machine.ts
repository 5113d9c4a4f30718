/**
 * What machine a report was measured on. Uses only `node:os` and `node:fs`, which Node, Deno and Bun
 * all provide, so the orchestrator describes the machine the same way whichever runtime started it.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import * as os from "node:os";
import type { MachineInfo } from "./report.ts";

/**
 * Describe this machine. Never throws: a value the runtime will not give (e.g. Deno without the
 * `sys` permission) becomes `unknown` / 0 rather than failing the run.
 *
 * @example
 * ```ts
 * const m = collectMachineInfo();
 * m.logicalCores >= 1; // true
 * ```
 */
export function collectMachineInfo(): MachineInfo {
  const cpus = attempt(() => os.cpus(), []);
  const load = attempt(() => os.loadavg(), [0, 0, 0]);
  const cores = logicalCores();
  const cpuQuota = readCpuQuota();
  return {
    cpuModel: (cpus[0]?.model ?? "").trim().replace(/\s+/g, " ") || "unknown",
    logicalCores: cores,
    usableCores: usableCores(cores, cpuQuota),
    memoryBytes: attempt(() => os.totalmem(), 0),
    os: attempt(() => os.platform(), process.platform),
    arch: attempt(() => os.arch(), process.arch),
    kernel: attempt(() => os.release(), "unknown"),
    hostname: attempt(() => os.hostname(), "unknown"),
    loadAvg: [load[0] ?? 0, load[1] ?? 0, load[2] ?? 0],
    cpuQuota,
  };
}

/**
 * Cores a CPU-bound pool can really use: the affinity-limited core count, lowered to a container
 * quota rounded down (a quota of 1.5 CPUs cannot run two spinning workers at full speed), at least 1.
 *
 * @example
 * ```ts
 * usableCores(8, 2.5); // 2
 * ```
 */
export function usableCores(logical: number, cpuQuota: number | null): number {
  const byQuota = cpuQuota === null ? logical : Math.max(1, Math.floor(cpuQuota));
  return Math.max(1, Math.min(logical, byQuota));
}

/** CPUs this process may use: `availableParallelism` where the runtime has it, else the CPU count, at least 1. */
export function logicalCores(): number {
  const n = attempt(() => (typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length), 1);
  return Number.isInteger(n) && n > 0 ? n : 1;
}

/**
 * The container CPU quota in CPUs (e.g. 1.5), or `null` when there is none or it cannot be read.
 * Reads cgroup v2 `cpu.max` (of this process's own cgroup, then the root), then cgroup v1
 * `cpu.cfs_quota_us` / `cpu.cfs_period_us`.
 */
export function readCpuQuota(root = "/sys/fs/cgroup"): number | null {
  const own = attempt(() => /^0::(.*)$/m.exec(readFileSync("/proc/self/cgroup", "utf8"))?.[1] ?? "", "");
  for (const dir of own && own !== "/" ? [root + own, root] : [root]) {
    const text = attempt(() => readFileSync(`${dir}/cpu.max`, "utf8"), undefined);
    if (text !== undefined) return parseCpuMax(text);
  }
  const quota = attempt(() => readFileSync(`${root}/cpu/cpu.cfs_quota_us`, "utf8"), undefined);
  const period = attempt(() => readFileSync(`${root}/cpu/cpu.cfs_period_us`, "utf8"), undefined);
  return quota !== undefined && period !== undefined ? parseCfsQuota(quota, period) : null;
}

/**
 * Parse cgroup v2 `cpu.max` ("max 100000" or "150000 100000") into CPUs.
 *
 * @example
 * ```ts
 * parseCpuMax("150000 100000"); // 1.5
 * parseCpuMax("max 100000");    // null
 * ```
 */
export function parseCpuMax(text: string): number | null {
  const [quota, period] = text.trim().split(/\s+/);
  return ratio(quota, period);
}

/** Parse cgroup v1 `cpu.cfs_quota_us` (-1 = none) and `cpu.cfs_period_us` into CPUs. */
export function parseCfsQuota(quota: string, period: string): number | null {
  return ratio(quota.trim(), period.trim());
}

function ratio(quota: string | undefined, period: string | undefined): number | null {
  const q = Number(quota);
  const p = Number(period ?? 100000);
  if (!quota || quota === "max" || !Number.isFinite(q) || q <= 0 || !Number.isFinite(p) || p <= 0) return null;
  return Math.round((q / p) * 1000) / 1000;
}

function attempt<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}
