/**
 * Check that a parsed JSON value is a tribench report this version can read, against the shipped
 * JSON Schema (`reports/report.schema.json`, the contract) with Ajv. Every refusal is one line:
 * not a tribench report, a newer (or older) schema version, or the first invalid field.
 *
 * @module
 */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import schema from "./report.schema.json" with { type: "json" };
import { REPORT_SCHEMA, type Report } from "./report.ts";

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
const SUPPORTED_VERSION = Number(SCHEMA_ID.exec(REPORT_SCHEMA)![1]);

let compiled: ValidateFunction | undefined;
function validator(): ValidateFunction {
  // Compiled once, on first use: compiling costs a few ms that a run that never validates need not pay.
  compiled ??= new Ajv({ allErrors: false, allowUnionTypes: true, strict: true }).compile(schema);
  return compiled;
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
      return `field ${fieldPath(error.instancePath)} must be ${String(params.type).replace(",", " or ")}`;
    case "enum":
      return `field ${fieldPath(error.instancePath)} must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    case "const":
      return `field ${fieldPath(error.instancePath)} must be ${JSON.stringify(params.allowedValue)}`;
    default:
      return `field ${fieldPath(error.instancePath)} ${error.message ?? "is invalid"}`;
  }
}

/**
 * Return `value` typed as a {@link Report} when it is a valid report of this schema version;
 * otherwise throw a {@link ReportValidationError} with a one-line reason.
 *
 * @example
 * ```ts
 * const report = validateReport(JSON.parse(await readFile("results/latest.json", "utf8")));
 * ```
 */
export function validateReport(value: unknown): Report {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ReportValidationError("not-a-report", "not a tribench report: not a JSON object");
  }
  const id = (value as { schema?: unknown }).schema;
  if (typeof id !== "string" || !id.startsWith("tribench/")) {
    throw new ReportValidationError("not-a-report", `not a tribench report: no "schema": "${REPORT_SCHEMA}" field`);
  }
  const match = SCHEMA_ID.exec(id);
  if (!match) throw new ReportValidationError("not-a-report", `not a tribench run report: its schema is ${id}, not ${REPORT_SCHEMA}`);
  const version = Number(match[1]);
  if (version > SUPPORTED_VERSION) {
    throw new ReportValidationError("newer-schema", `report schema ${id} is newer than this tribench reads (${REPORT_SCHEMA}); upgrade tribench`);
  }
  if (version < SUPPORTED_VERSION) {
    throw new ReportValidationError("older-schema", `report schema ${id} is older than this tribench reads (${REPORT_SCHEMA})`);
  }
  const validate = validator();
  if (!validate(value)) {
    const first = validate.errors?.[0];
    throw new ReportValidationError("invalid", first ? describe(first) : "the report does not match its schema");
  }
  return value as Report;
}
