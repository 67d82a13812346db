// The weekly lottery, provably fair (src/compete/fair-draw.ts has the public rule). When a week
// closes (Monday 00:00 UTC; the job runs a minute later so the last batch of shares is stored)
// the ticket list is frozen and stored with its commitment and the height of the block that will
// seed the draw (the node's tip + 6), before that block exists. Once the node has that block with
// CONFIRMATIONS confirmations the winners are derived, stored and paid (XP) in one transaction
// that only succeeds if the draw is still "committed" — a week is drawn once (unique week_start),
// a restart mid-draw redoes nothing half-done, and an admin's re-run only verifies.
import { scheduleJob, type Job, type LeaderOnly } from "../jobs/schedule.ts";
import { AppError } from "../core/errors.ts";
import { utcDay, WEEK_MS, weekStart, type Clock } from "../core/time.ts";
import type { LotteryDrawRow, Repos } from "../db/repos.ts";
import { createEventBus, type EventBus, type EventSource } from "../events.ts";
import { grantXpOnce } from "../game/xp-grant.ts";
import { XP } from "../game/xp.ts";
import type { Logger } from "../log.ts";
import { buildTicketFile, commitmentOf, drawWinners, seedOf, verifyDraw, type TicketFile, type Verdict } from "./fair-draw.ts";
import type { Namer } from "./names.ts";

/** Blocks after the tip at close: the seeding block is ~an hour in the future when committed. */
export const TARGET_OFFSET = 6;
/** The seeding block must be this deep (itself included) before it is used: reorg-safe. */
export const CONFIRMATIONS = 3;
/** The week's last shares reach storage within seconds; the close waits this long past Monday 00:00. */
export const CLOSE_DELAY_MS = 60_000;
export const TICK_CRON = "* * * * *";
export const PRIZES = [XP.LOTTERY_FIRST, XP.LOTTERY_SECOND, XP.LOTTERY_THIRD] as const;

/** What the lottery asks of the Bitcoin node: null when it cannot answer (down, syncing). */
export interface ChainView {
  tipHeight(): Promise<number | null>;
  blockHash(height: number): Promise<string | null>;
}

export interface LotteryEventMap {
  "lottery.committed": { weekStart: number; commitment: string; targetHeight: number; at: number };
  "lottery.drawn": { weekStart: number; blockHash: string; winners: number; at: number };
  "lottery.won": { userId: number; weekStart: number; position: number; xp: number; at: number };
}

export interface LotteryDeps {
  repos: Repos;
  log: Logger;
  chain: ChainView;
  namer: () => Promise<Namer>;
  now?: Clock;
  leaderOnly?: LeaderOnly;
}

/** Why a week is not drawn yet, in words for the draw page. */
export type Waiting = { weekStart: number; reason: string; since: number };

export interface Lottery {
  events: EventSource<LotteryEventMap>;
  /** Closes the last finished week if due, then draws every committed week whose block is deep enough. */
  tick(): Promise<void>;
  /** Freezes the tickets of the week starting `week` (no-op when it already has a draw). */
  close(week: number): Promise<LotteryDrawRow | null>;
  draw(row: LotteryDrawRow): Promise<boolean>;
  waiting(): Waiting[];
  verify(week: number): Promise<Verdict & { draw: LotteryDrawRow }>;
  start(): void;
  stop(): Promise<void>;
}

export function createLottery(deps: LotteryDeps): Lottery {
  const { repos, chain } = deps;
  const now = deps.now ?? Date.now;
  const log = deps.log.child("lottery");
  const bus: EventBus<LotteryEventMap> = createEventBus<LotteryEventMap>({ onError: (sub, err) => log.warn("lottery event subscriber failed", { sub, err: String(err) }) });
  const waits = new Map<number, Waiting>();
  let job: Job | null = null;
  let chainP: Promise<unknown> = Promise.resolve();
  /** One tick at a time in this process; the database's guards cover other processes. */
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const p = chainP.then(fn);
    chainP = p.catch(() => {});
    return p;
  };
  const wait = (week: number, reason: string) => {
    const prev = waits.get(week);
    if (prev?.reason !== reason) log.info("draw waiting", { week: utcDay(week), reason });
    waits.set(week, { weekStart: week, reason, since: prev?.reason === reason ? prev.since : now() });
  };

  async function close(week: number): Promise<LotteryDrawRow | null> {
    const existing = await repos.ranks.getDraw(week);
    if (existing) return existing;
    const scores = (await repos.ranks.weekScores(week)).sort((a, b) => a.userId - b.userId);
    if (scores.length === 0) return null;
    const tip = await chain.tipHeight();
    if (tip === null) {
      wait(week, "waiting for the Bitcoin node to name the block that will seed the draw");
      return null;
    }
    const namer = await deps.namer();
    const users = new Map((await repos.ranks.boardUsers()).map((u) => [u.id, u]));
    const targetHeight = tip + TARGET_OFFSET;
    const kept = scores.filter((s) => s.totalShares > 0);
    const { text, file } = buildTicketFile(
      utcDay(week),
      targetHeight,
      kept.map((s) => {
        const u = users.get(s.userId);
        return { name: u ? namer.publicName(u) : namer.alias(s.userId), tickets: s.totalShares };
      }),
    );
    const commitment = commitmentOf(text);
    const at = now();
    const inserted = await repos.ranks.insertDraw({
      weekStart: week, status: "committed", totalTickets: file.total_tickets, totalParticipants: file.entries.length, ticketFile: text,
      entryUsers: JSON.stringify(kept.map((s) => s.userId)), commitment, targetHeight, blockHash: null, seed: null, committedAt: at, drawnAt: null,
    });
    const row = (await repos.ranks.getDraw(week))!;
    if (inserted) {
      log.info("week closed: tickets committed", { week: utcDay(week), tickets: file.total_tickets, miners: file.entries.length, commitment, target_height: targetHeight });
      bus.publish("lottery.committed", { weekStart: week, commitment, targetHeight, at });
    }
    waits.delete(week);
    return row;
  }

  async function draw(row: LotteryDrawRow): Promise<boolean> {
    if (row.status !== "committed") return false;
    const tip = await chain.tipHeight();
    if (tip === null) {
      wait(row.weekStart, `the Bitcoin node is not answering; the draw waits for block ${row.targetHeight}`);
      return false;
    }
    if (tip < row.targetHeight + CONFIRMATIONS - 1) {
      const need = row.targetHeight + CONFIRMATIONS - 1 - tip;
      wait(row.weekStart, `waiting for block ${row.targetHeight} and ${CONFIRMATIONS} confirmations (${need} more ${need === 1 ? "block" : "blocks"})`);
      return false;
    }
    const hash = await chain.blockHash(row.targetHeight);
    if (hash === null) {
      wait(row.weekStart, `the Bitcoin node did not give the hash of block ${row.targetHeight}`);
      return false;
    }
    const seed = seedOf(hash, row.commitment);
    const file = JSON.parse(row.ticketFile) as TicketFile;
    const userIds = JSON.parse(row.entryUsers) as number[];
    const winners = drawWinners(seed, file);
    const at = now();
    const won = await repos.transaction(async (tx) => {
      if (!(await tx.ranks.completeDraw(row.id, hash, seed, at))) return null;
      const out: LotteryEventMap["lottery.won"][] = [];
      for (const w of winners) {
        const userId = userIds[w.entry]!;
        const xp = PRIZES[w.position - 1]!;
        await tx.ranks.insertResult({ drawId: row.id, userId, position: w.position, ticketNumber: w.ticket, xpPrize: xp });
        await grantXpOnce(tx, userId, "lottery", xp, `${utcDay(row.weekStart)}:${w.position}`, at);
        out.push({ userId, weekStart: row.weekStart, position: w.position, xp, at });
      }
      return out;
    });
    waits.delete(row.weekStart);
    if (won === null) return false;
    log.info("lottery drawn", { week: utcDay(row.weekStart), block: row.targetHeight, hash, winners: won.length });
    bus.publish("lottery.drawn", { weekStart: row.weekStart, blockHash: hash, winners: won.length, at });
    for (const w of won) bus.publish("lottery.won", w);
    return true;
  }

  const lottery: Lottery = {
    events: bus,
    tick: () =>
      serial(async () => {
        const t = now();
        const last = weekStart(t) - WEEK_MS;
        if (t - weekStart(t) >= CLOSE_DELAY_MS) await close(last);
        for (const row of await repos.ranks.pendingDraws()) await draw(row);
      }),
    close: (week) => serial(() => close(week)),
    draw: (row) => serial(() => draw(row)),
    waiting: () => [...waits.values()],
    async verify(week) {
      const d = await repos.ranks.getDraw(week);
      if (!d) throw new AppError("NOT_FOUND", `No lottery draw for the week of ${utcDay(week)}`, { reason: "DRAW_NOT_FOUND" });
      if (d.status !== "drawn" || !d.blockHash) throw new AppError("CONFLICT", "This week is not drawn yet", { reason: "DRAW_PENDING" });
      const stored = await repos.ranks.results(d.id);
      return { ...verifyDraw(d.ticketFile, d.blockHash, { commitment: d.commitment, winners: stored.map((r) => ({ position: r.position, ticket: r.ticketNumber })) }), draw: d };
    },
    start() {
      if (job) return;
      job = scheduleJob("lottery", TICK_CRON, () => lottery.tick(), { log, leaderOnly: deps.leaderOnly });
      void job.run();
    },
    async stop() {
      job?.stop();
      job = null;
      await chainP;
      await bus.drain();
    },
  };
  return lottery;
}
