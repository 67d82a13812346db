// The World Cup's life: upcoming → registration → active → completed, one step at a time, each
// by the schedule (a croner job at its time) or by an admin. A transition to the state a
// competition is already in does nothing and says so (a job that fires twice, an admin who
// clicks twice); anything else that is not the next step is refused.
import { AppError } from "../../core/errors.ts";

export const STATES = ["upcoming", "registration", "active", "completed"] as const;
export type CompetitionState = (typeof STATES)[number];

export const isState = (s: string): s is CompetitionState => (STATES as readonly string[]).includes(s);

/** The one state each state may move to. */
export const NEXT: Readonly<Record<CompetitionState, CompetitionState | null>> = { upcoming: "registration", registration: "active", active: "completed", completed: null };

export type TransitionCheck = { kind: "move" } | { kind: "already" } | { kind: "illegal"; message: string };

export function checkTransition(from: CompetitionState, to: CompetitionState): TransitionCheck {
  if (from === to) return { kind: "already" };
  if (NEXT[from] === to) return { kind: "move" };
  const next = NEXT[from];
  return { kind: "illegal", message: next ? `A competition in ${from} can only move to ${next}, not ${to}` : `A ${from} competition cannot move to ${to}` };
}

/** True when `from` → `to` should be applied; false when already there; throws when illegal. */
export function assertTransition(from: CompetitionState, to: CompetitionState): boolean {
  const c = checkTransition(from, to);
  if (c.kind === "illegal") throw new AppError("CONFLICT", c.message, { reason: "ILLEGAL_TRANSITION", details: { from, to } });
  return c.kind === "move";
}
