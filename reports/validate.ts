/**
 * Check that a parsed JSON value is a tribench report this version can read, against the shipped
 * JSON Schemas (the contract) with Ajv: `reports/report.schema.json` for report@2 and
 * `reports/report_v1.schema.json` for report@1 files, each version against its own schema. Every
 * refusal is one line: not a tribench report, a newer (or older) schema version, or the first
 * invalid field. Turning a report@1 into the current model is `upgrade.ts`'s job; `load.ts` does both.
 *
 * @module
 */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import schemaV2 from "./report.schema.json" with { type: "json" };
import schemaV1 from "./report_v1.schema.json" with { type: "json" };
import { REPORT_SCHEMA, type Report } from "./report.ts";
import { REPORT_SCHEMA_V1, type V1Report } from "./report_v1.ts";

/** Why a value was refused. */
export type ReportProblem = "not-a-report" | "newer-schema" | "older-schema" | "invalid";

/** A value that is not a readable tribench report; the message is one line. */
export class ReportValidationError extends Error {
  /** What kind of problem it is, for callers that choose an exit code or wording by it. */
  readonly problem: ReportProblem;
  constructor(problem: ReportProblem, message: string) {
    super(message);
    this.name = "ReportValidationError";
    this.problem = problem;
  }
}

const SCHEMA_ID = /^tribench\/report@(\d+)$/;
const versionOf = (id: string) => Number(SCHEMA_ID.exec(id)![1]);
const CURRENT_VERSION = versionOf(REPORT_SCHEMA);
const OLDEST_VERSION = versionOf(REPORT_SCHEMA_V1);

const compiled = new Map<number, ValidateFunction>();
function validator(version: number): ValidateFunction {
  // Compiled once per version, on first use: compiling costs a few ms that a run that never
  // validates need not pay.
  let validate = compiled.get(version);
  if (!validate) {
    validate = new Ajv({ allErrors: false, allowUnionTypes: true, strict: true }).compile(version === OLDEST_VERSION ? schemaV1 : schemaV2);
    compiled.set(version, validate);
  }
  return validate;
}

/** `/results/3/medianMs` -> `results[3].medianMs`. */
function fieldPath(instancePath: string, extra?: string): string {
  const parts = instancePath.split("/").slice(1).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (extra !== undefined) parts.push(extra);
  let out = "";
  for (const part of parts) out += /^\d+$/.test(part) ? `[${part}]` : out === "" ? part : `.${part}`;
  return out === "" ? "(the report)" : out;
}

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return `field ${fieldPath(error.instancePath, String(params.missingProperty))} is missing`;
    case "type":
      return `field ${fieldPath(error.instancePath)} must be ${String(params.type).split(",").join(" or ")}`;
    case "enum":
      return `field ${fieldPath(error.instancePath)} must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    case "const":
      return `field ${fieldPath(error.instancePath)} must be ${JSON.stringify(params.allowedValue)}`;
    default:
      return `field ${fieldPath(error.instancePath)} ${error.message ?? "is invalid"}`;
  }
}

/** The schema version of `value`, or a refusal when it is not a tribench report of a version we read. */
function readableVersion(value: unknown): number {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ReportValidationError("not-a-report", "not a tribench report: not a JSON object");
  }
  const id = (value as { schema?: unknown }).schema;
  if (typeof id !== "string" || !id.startsWith("tribench/")) {
    throw new ReportValidationError("not-a-report", `not a tribench report: no "schema": "${REPORT_SCHEMA}" field`);
  }
  if (!SCHEMA_ID.test(id)) throw new ReportValidationError("not-a-report", `not a tribench run report: its schema is ${id}, not ${REPORT_SCHEMA}`);
  const version = versionOf(id);
  if (version > CURRENT_VERSION) {
    throw new ReportValidationError("newer-schema", `report schema ${id} is newer than this tribench reads (${REPORT_SCHEMA}); upgrade tribench`);
  }
  if (version < OLDEST_VERSION) {
    throw new ReportValidationError("older-schema", `report schema ${id} is older than this tribench reads (${REPORT_SCHEMA_V1} to ${REPORT_SCHEMA})`);
  }
  return version;
}

function check(value: unknown, version: number): void {
  const validate = validator(version);
  if (!validate(value)) {
    const first = validate.errors?.[0];
    throw new ReportValidationError("invalid", first ? describe(first) : "the report does not match its schema");
  }
}

/**
 * Return `value` typed as a {@link Report} when it is a valid report of the current schema
 * (report@2), as a run writes it; otherwise throw a {@link ReportValidationError} with a one-line
 * reason. A report@1 is refused here ("older-schema"): read files with `loadReport`, which upgrades it.
 *
 * @example
 * ```ts
 * const report = validateReport(JSON.parse(await readFile("results/latest.json", "utf8")));
 * ```
 */
export function validateReport(value: unknown): Report {
  const version = readableVersion(value);
  if (version !== CURRENT_VERSION) {
    throw new ReportValidationError("older-schema", `report schema ${(value as { schema: string }).schema} is older than ${REPORT_SCHEMA}; loadReport upgrades it`);
  }
  check(value, version);
  return value as Report;
}

/**
 * Return `value` as the report of whichever version it is (report@1 or report@2), checked against
 * that version's own schema; otherwise throw a {@link ReportValidationError} with a one-line reason.
 *
 * @example
 * ```ts
 * const any = validateAnyReport(JSON.parse(text));
 * const report = any.schema === REPORT_SCHEMA ? any : upgradeReport(any);
 * ```
 */
export function validateAnyReport(value: unknown): Report | V1Report {
  check(value, readableVersion(value));
  return value as Report | V1Report;
}
