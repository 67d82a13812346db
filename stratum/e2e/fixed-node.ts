// A template source for tests and benchmarks that run without bitcoind: it serves a recorded
// getblocktemplate answer (stratum/e2e/fixtures/regtest-gbt.json, captured from Bitcoin Knots in
// regtest: 3 wallet transactions at height 102) and records submitted blocks. Real-node behaviour is
// covered by the end-to-end tests against bitcoind.
import type { NodeStatus, TemplateUpdate } from "../node/node.ts";
import type { SubmitOutcome } from "../node/submit.ts";
import type { PoolNode } from "../pool.ts";
import gbtFixture from "./fixtures/regtest-gbt.json" with { type: "json" };

/** Difficulty-1 compact target (the genesis block's bits): random test shares are then never
 * blocks, unlike regtest's 207fffff where every other hash would be one. */
export const DIFF1_BITS = "1d00ffff";

export function recordedTemplate(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...structuredClone(gbtFixture), bits: DIFF1_BITS, ...over };
}

export interface FixedNode extends PoolNode {
  /** Delivers another template to the pool. */
  push(template: Record<string, unknown>, tipChanged: boolean): void;
  readonly submitted: string[];
}

export function fixedNode(initial: Record<string, unknown> = recordedTemplate()): FixedNode {
  const listeners = new Set<(u: TemplateUpdate) => void>();
  const submitted: string[] = [];
  const since = Date.now();
  const deliver = (template: Record<string, unknown>, tipChanged: boolean) => {
    const update = { template, tipChanged, source: "poll", receivedAt: Date.now() } as TemplateUpdate;
    for (const l of listeners) l(update);
  };
  return {
    submitted,
    start() {
      deliver(initial, true);
    },
    async stop() {
      listeners.clear();
    },
    status(): NodeStatus {
      return { state: "ready", since, chain: "regtest", height: Number(initial.height) - 1 };
    },
    on(_event: "template", listener: (u: TemplateUpdate) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async submitBlock(hex: string): Promise<SubmitOutcome> {
      submitted.push(hex);
      return { accepted: false, reason: "no node behind this template source" };
    },
    push: deliver,
  };
}
