/**
 * Runtime versions side by side (issue 14): `--runtimes` entries `name`, `name@version` and
 * `name=PATH`, the npm platform packages that hold each runtime, and the cache they are installed into.
 *
 * @example
 * ```ts
 * import { defaultCacheDir, resolveRuntimeSpecs } from "./runtimes/versions/mod.ts";
 * const { installs } = await resolveRuntimeSpecs(["bun@1.3.14", "bun@1.4"], { cacheDir: defaultCacheDir(), log: console.error, locate: async () => undefined });
 * ```
 *
 * @module
 */
export { resolveRuntimeSpecs, type InstallOrigin, type ResolvedRuntimes, type ResolveOptions, type VersionedInstall } from "./resolve.ts";
export { parseRuntimeSpec, INSTALLABLE_RUNTIMES, type RuntimeSpec } from "./spec.ts";
export { hostFacts, platformPackage, platformLabel, type HostFacts, type PlatformPackage } from "./platform.ts";
export { cachedVersions, defaultCacheDir, formatSize, pruneCache, scanCache, type CacheEntry, type CacheManifest, type CacheScan, type PruneTarget, type PrunedFolder } from "./cache.ts";
export { installRuntime, type InstallOptions } from "./install.ts";
export { inspectBuild } from "./build.ts";
export type { NpmOptions } from "./npm.ts";
export { installLabel, runtimeLabel, runtimeNameOf, splitRuntimeLabel } from "./label.ts";
export { OLDEST_SUPPORTED, unsupportedReason } from "./support.ts";
export { compareVersions, newestMatch, parseVersionSpec, type VersionSpec } from "./version.ts";
