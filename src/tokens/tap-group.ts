// Tap batches applied as groups. Whatever arrives while a group commits waits for the next one;
// a group is applied as a set inside one transaction: its state rows read (and locked) with one
// query, its characters with another, every batch judged in memory with the same rules as a
// single batch (tap-judge.ts), then one multi-row write per table (ledger rows, wallets,
// activity counters, tap states; src/tokens/ledger.ts applyCredits). A batch costs a few
// microseconds of SQL instead of seven statements and a savepoint (bench/tokens.ts).
//
// A player's batches apply in the order they arrived: one batch per player per group, and a
// player with a batch in a group still running waits for the next. If the group write fails (a
// constraint, a deadlock), the whole group is undone and applied again one batch at a time,
// each in its own savepoint, so one bad batch cannot sink the others.
import { isSuspended } from "./risk.ts";
import type { Repos, TapStateRow } from "../db/repos.ts";
import { AppError } from "../core/errors.ts";
import type { Logger } from "../log.ts";
import { applyCredits, type Entry } from "./ledger.ts";
import { freshTapState, TAP } from "./tap.ts";
import { judgeTap, tapContext, TapReplay, type TapCtx, type TapRequest } from "./tap-judge.ts";
import type { Unlock } from "./unlocks.ts";

export interface TapItem {
  userId: number;
  req: TapRequest;
}

/** A batch applied: what the service answers with (built by `finish`). */
export interface Applied {
  state: TapStateRow;
  out: ReturnType<typeof judgeTap>["out"];
  c: TapCtx;
  balance: number;
  unlocks: Unlock[];
  at: number;
}

type Settled<R> = { ok: true; v: R } | { ok: false; e: unknown };

export const suspendedError = (s: TapStateRow) => new AppError("FORBIDDEN", `Tapping is paused for this account until ${new Date(s.suspendedUntil!).toISOString()}`, { reason: "TAP_SUSPENDED" });

/** A new player: a full base bar (shares raise it later). */
export const freshBase = (userId: number, at: number) => freshTapState(userId, { maxEnergy: TAP.baseMaxEnergy, regenPerS: TAP.baseRegenPerS, rateBp: 10_000, level: 0 }, at);

/** Applies a group of batches (one per player) inside `tx`; each item settles on its own. */
export async function applyTapGroup(tx: Repos, items: TapItem[], at: number, rollCrit: () => boolean, log: Logger): Promise<Settled<Applied>[]> {
  const ids = items.map((i) => i.userId);
  const sorted = [...ids].sort((a, b) => a - b);
  // Reads issued together (PostgreSQL pipelines them on the transaction's connection): state rows
  // locked first, then wallets, the order every other path takes them in.
  const [states, chars, locked] = await Promise.all([tx.tokens.lockTapStates(sorted.map((id) => freshBase(id, at))), tx.tokens.equippedCharacters(ids), tx.tokens.lockWallets(sorted)]);
  const stateOf = new Map(states.map((s) => [s.userId, s]));
  const charOf = new Map(chars.map((c) => [c.userId, c]));
  const judged = items.map((it) => {
    const s = stateOf.get(it.userId);
    if (!s) throw new Error(`tap state of ${it.userId} missing in its group`);
    if (isSuspended(s, at)) return { it, suspended: s } as const;
    const c = tapContext(charOf.get(it.userId), s, at);
    return { it, c, ...judgeTap(it.userId, s, it.req, c, at, rollCrit, log) } as const;
  });
  const entries: Entry[] = [];
  for (const j of judged) if ("entry" in j && j.entry) entries.push(j.entry);
  // The new states are written beside the balances, for every batch but a refused or replayed one
  // (a replay leaves the state as it was, like a replayed single batch).
  const withEntry = new Set(entries.map((e) => e.userId));
  const putStates = (paidUsers: Set<number>) =>
    tx.tokens.putTapStates(judged.flatMap((j) => ("suspended" in j || (withEntry.has(j.it.userId) && !paidUsers.has(j.it.userId)) ? [] : [j.out.state])));
  const { results, balances } = await applyCredits(tx, entries, ids, { locked, alongside: putStates });
  const paid = new Map(entries.map((e, i) => [e.userId, results[i]!]));
  const out: Settled<Applied>[] = [];
  for (const j of judged) {
    if ("suspended" in j) {
      out.push({ ok: false, e: suspendedError(j.suspended!) });
      continue;
    }
    const r = paid.get(j.it.userId);
    if (r && !r.applied) {
      out.push({ ok: false, e: new TapReplay() });
      continue;
    }
    out.push({ ok: true, v: { state: j.out.state, out: j.out, c: j.c, balance: r?.balance ?? balances.get(j.it.userId) ?? 0, unlocks: r?.unlocks ?? [], at } });
  }
  return out;
}

interface Waiting<R> {
  item: TapItem;
  resolve: (v: R) => void;
  reject: (e: unknown) => void;
}

/**
 * The queue in front of the groups. `lanes` groups may run at once (1 on SQLite, whose writes
 * are serial; a few on PostgreSQL, each on its own pooled connection), never two holding the
 * same player.
 */
export class TapQueue<R> {
  private waiting: Waiting<R>[] = [];
  private busy = new Set<number>();
  private running = 0;
  constructor(
    private readonly repos: Repos,
    private readonly opts: {
      lanes: number;
      max: number;
      /** The group, applied as a set; throwing undoes it (the queue then goes one by one). */
      group: (tx: Repos, items: TapItem[]) => Promise<Settled<R>[]>;
      /** One batch (inside its own savepoint), for the fallback. */
      single: (tx: Repos, item: TapItem) => Promise<R>;
      log: Logger;
    },
  ) {}

  run(item: TapItem): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.pump();
    });
  }

  /** Batches waiting or in a running group. */
  get pending(): number {
    return this.waiting.length + this.busy.size;
  }

  private pump(): void {
    while (this.running < this.opts.lanes && this.waiting.length > 0) {
      const group: Waiting<R>[] = [];
      const rest: Waiting<R>[] = [];
      const taken = new Set<number>();
      for (const w of this.waiting) {
        const u = w.item.userId;
        // A player's later batch stays behind an earlier one (in this group or a running one).
        if (group.length < this.opts.max && !taken.has(u) && !this.busy.has(u)) group.push(w);
        else rest.push(w);
        taken.add(u);
      }
      if (group.length === 0) return;
      this.waiting = rest;
      for (const w of group) this.busy.add(w.item.userId);
      this.running++;
      void this.lane(group).finally(() => {
        for (const w of group) this.busy.delete(w.item.userId);
        this.running--;
        this.pump();
      });
    }
  }

  private async lane(group: Waiting<R>[]): Promise<void> {
    const items = group.map((w) => w.item);
    let settled: Settled<R>[];
    try {
      settled = await this.repos.transaction((tx) => this.opts.group(tx, items));
    } catch (err) {
      this.opts.log.warn("tap group undone; applying its batches one by one", { batches: items.length, err: String(err) });
      try {
        settled = await this.repos.transaction(async (tx) => {
          const one: Settled<R>[] = [];
          for (const it of items) {
            try {
              one.push({ ok: true, v: await tx.transaction((inner) => this.opts.single(inner, it)) });
            } catch (e) {
              one.push({ ok: false, e });
            }
          }
          return one;
        });
      } catch (e) {
        settled = items.map(() => ({ ok: false, e }));
      }
    }
    // Answers only after the commit: a batch is never reported paid by a transaction that rolled back.
    group.forEach((w, i) => {
      const r = settled[i]!;
      if (r.ok) w.resolve(r.v);
      else w.reject(r.e);
    });
  }
}
