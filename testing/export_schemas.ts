/**
 * Test helper: JSON Schemas of the two export formats, as their projects document them, so tests check
 * our exports against the format rather than against our own idea of it.
 *
 * @module
 */

/**
 * Bencher Metric Format, the JSON Schema published in Bencher's reference ("Bencher Metric Format (BMF)
 * JSON Schema"): benchmark name -> measure -> `{ value, lower_value?, upper_value? }`.
 */
export const BMF_SCHEMA = {
  $id: "https://bencher.dev/bmf.json",
  $schema: "http://json-schema.org/draft-07/schema",
  type: "object",
  patternProperties: {
    ".+": {
      type: "object",
      patternProperties: {
        ".+": {
          type: "object",
          properties: { value: { type: "number" }, lower_value: { type: "number" }, upper_value: { type: "number" } },
          required: ["value"],
        },
      },
    },
  },
} as const;

/**
 * github-action-benchmark `customSmallerIsBetter` input: an array of its `BenchmarkResult`
 * (`name`, `value`, `unit` required; `range`, `extra` optional strings), the fields its
 * `extractCustomBenchmarkResult` reads.
 */
export const GITHUB_ACTION_BENCHMARK_SCHEMA = {
  type: "array",
  items: {
    type: "object",
    properties: {
      name: { type: "string", minLength: 1 },
      value: { type: "number" },
      unit: { type: "string", minLength: 1 },
      range: { type: "string" },
      extra: { type: "string" },
    },
    required: ["name", "value", "unit"],
    additionalProperties: false,
  },
} as const;
