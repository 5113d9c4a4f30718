/**
 * The time budget: how many rounds fit. The first round runs every block once and so measures what
 * a round costs on this machine today (block start-up, pools, sweeps, probes); the remaining budget
 * then buys as many further rounds as fit (the last one possibly in part), and a run that falls
 * behind stops before it would pass the budget by more than 10%. Pure: times in, decisions out.
 *
 * Why rounds and not runs: the variance of a cell lies largely between processes (JIT decisions,
 * layout, the machine's state that minute), so more fresh processes narrow the interval where more
 * runs inside one process cannot (Kalibera & Jones 2013 choose repetitions per level from the
 * variance at each level; we keep runs per process fixed and spend the budget on processes).
 *
 * @module
 */
import { MAX_PLANNED_ROUNDS, MIN_RELIABLE_ROUNDS } from "./options.ts";

/** How far past the budget a run may go (the issue: within the budget + 10%). */
export const BUDGET_SLACK = 0.1;

/** The plan for the rounds after the first. */
export interface RoundPlan {
  /** Total rounds, the first included. */
  readonly rounds: number;
  /** One line: why this many. */
  readonly reason: string;
  /** Set when the plan cannot give every cell {@link MIN_RELIABLE_ROUNDS} processes. */
  readonly warning?: string;
}

/**
 * Plan the rounds from the cost of the first. `elapsedMs` is what the run has used so far (the first
 * round and what preceded it); `budgetMs` the whole budget. Rounds are at least 1 (the first ran).
 *
 * @example
 * ```ts
 * planRounds({ firstRoundMs: 30_000, elapsedMs: 31_000, budgetMs: 140_000 }).rounds; // 5 (the last in part)
 * ```
 */
export function planRounds(p: { firstRoundMs: number; elapsedMs: number; budgetMs: number }): RoundPlan {
  const left = Math.max(0, p.budgetMs - p.elapsedMs);
  // Rounds up: the last round runs as far as the budget (+10%) lets it, so no budget is left idle;
  // the blocks it could not run are named in the plan, and their cells have one process fewer.
  const more = p.firstRoundMs > 0 ? Math.ceil(left / p.firstRoundMs - 0.05) : MAX_PLANNED_ROUNDS - 1;
  const rounds = Math.max(1, Math.min(MAX_PLANNED_ROUNDS, 1 + more));
  const s = (ms: number) => `${Math.round(ms / 1000)} s`;
  const reason = rounds === MAX_PLANNED_ROUNDS
    ? `${rounds} rounds (the most planned; the first round took ${s(p.firstRoundMs)} of the ${s(p.budgetMs)} budget)`
    : `${rounds} round${rounds === 1 ? "" : "s"} for the ${s(p.budgetMs)} budget (the first round took ${s(p.firstRoundMs)}${rounds > 1 ? "; the last runs as far as the budget allows" : ""})`;
  if (rounds >= MIN_RELIABLE_ROUNDS) return { rounds, reason };
  return {
    rounds,
    reason,
    warning: `the ${s(p.budgetMs)} budget gives each cell only ${rounds} process${rounds === 1 ? "" : "es"} (${MIN_RELIABLE_ROUNDS} needed for a reliable interval); ` +
      `raise --budget to about ${s(p.firstRoundMs * MIN_RELIABLE_ROUNDS * 1.05)}, or use a smaller --size or fewer --suites`,
  };
}

/**
 * Whether a block estimated to take `estimateMs` may still start at `elapsedMs` without taking the
 * run past the budget plus {@link BUDGET_SLACK}.
 *
 * @example
 * ```ts
 * fitsBudget(150_000, 2_000, 140_000); // true: 152 s <= 154 s
 * ```
 */
export function fitsBudget(elapsedMs: number, estimateMs: number, budgetMs: number): boolean {
  return elapsedMs + estimateMs <= budgetMs * (1 + BUDGET_SLACK);
}
