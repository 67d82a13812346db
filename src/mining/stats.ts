// What miners look at, in the JSON shapes of seed 003 §6 "Mining Dashboard": live numbers from
// the aggregator (hashrates, online state, the newest shares) joined with stored history.
import type { BlockRow, SeriesPoint } from "../db/mining-queries.ts";
import type { MiningReads } from "../db/mining-reads.ts";
import type { Aggregator } from "./aggregator.ts";
import { HASHES_PER_DIFF, ckpoolSuffix, rateOf, type Hashrates } from "./hashrate.ts";
import { DAY_MS, HOUR_MS, MINUTE_MS, dayStart, unixHour, unixMinute, utcDay, weekStart } from "./time.ts";

/** Bitcoin retargets difficulty every 2016 blocks (consensus rule). */
export const RETARGET_INTERVAL = 2016;

/** Stratum reject codes as ckpool/cgminer number them. */
export const REJECT_REASONS: Record<number, string> = {
  20: "other", 21: "stale", 22: "duplicate", 23: "low difficulty", 24: "unauthorized", 25: "not subscribed",
};

export const RANGES = { "1h": { ms: HOUR_MS, stepMin: 1 }, "24h": { ms: DAY_MS, stepMin: 10 }, "7d": { ms: 7 * DAY_MS, stepMin: 60 }, "30d": { ms: 30 * DAY_MS, stepMin: 360 } } as const;
export type Range = keyof typeof RANGES;

export interface Page<T> {
  data: T[];
  pagination: { limit: number; has_more: boolean; next_cursor: string | null };
}

export function encodeCursor(v: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(v)).toString("base64");
}

/** The cursor's value, or null when there is none; `undefined` when it is not one of ours. */
export function decodeCursor<T extends string | number>(cursor: string | undefined, key: string): T | null | undefined {
  if (!cursor) return null;
  try {
    const v = (JSON.parse(Buffer.from(cursor, "base64").toString("utf8")) as Record<string, unknown>)[key];
    return typeof v === "number" || typeof v === "string" ? (v as T) : undefined;
  } catch {
    return undefined;
  }
}

function page<T>(rows: T[], limit: number, cursorOf: (last: T) => Record<string, string | number>): Page<T> {
  const has = rows.length > limit;
  const data = has ? rows.slice(0, limit) : rows;
  return { data, pagination: { limit, has_more: has, next_cursor: has ? encodeCursor(cursorOf(data.at(-1)!)) : null } };
}

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());
const pct = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 10 : null);

/** Series over [from, to) in steps of `stepMs`, gaps filled with zero. */
export function fillSeries(points: SeriesPoint[], from: number, to: number, stepMs: number, unitMs: number): { t: number; hashrate: number; accepted: number; rejected: number }[] {
  const byT = new Map(points.map((p) => [p.t * unitMs, p]));
  const out: { t: number; hashrate: number; accepted: number; rejected: number }[] = [];
  for (let t = Math.floor(from / stepMs) * stepMs; t < to; t += stepMs) {
    const p = byT.get(t);
    // The current, unfinished step is divided by the time it has covered so far.
    const span = Math.min(stepMs, to - t);
    out.push({ t, hashrate: p ? rateOf(p.sumDiff, span) : 0, accepted: p?.accepted ?? 0, rejected: p?.rejected ?? 0 });
  }
  return out;
}

/** Pool-wide live numbers of several instances (src/cluster/registry.ts); null when unknown yet. */
export type PoolWideSource = () => {
  instances: unknown[];
  hashrate: Record<"1m" | "5m" | "1h" | "1d" | "7d", number>;
  miners: number;
  workers: number;
} | null;

export class MiningStats {
  constructor(
    private readonly q: MiningReads,
    private readonly agg: Aggregator,
    private readonly now: () => number,
    private readonly poolWide?: PoolWideSource,
  ) {}

  async userSeries(userId: number, range: Range) {
    const now = this.now();
    const { ms, stepMin } = RANGES[range];
    const from = now - ms;
    const stepMs = stepMin * MINUTE_MS;
    const points = await (stepMin < 60 ? this.q.userMinutes(userId, unixMinute(from), stepMin) : this.q.userHours(userId, unixHour(from), stepMin / 60));
    return { range, interval_s: stepMin * 60, points: fillSeries(points, from, now, stepMs, stepMin < 60 ? MINUTE_MS : HOUR_MS) };
  }

  async poolSeries(range: Range) {
    const now = this.now();
    const { ms, stepMin } = RANGES[range];
    const from = now - ms;
    const points = await (stepMin < 60 ? this.q.poolMinutes(unixMinute(from), stepMin) : this.q.poolHours(unixHour(from), stepMin / 60));
    return { range, interval_s: stepMin * 60, points: fillSeries(points, from, now, stepMin * MINUTE_MS, stepMin < 60 ? MINUTE_MS : HOUR_MS) };
  }

  private rates(address: string): Hashrates {
    return this.agg.userHashrate(address, this.now()) ?? { "1m": 0, "5m": 0, "1h": 0, "1d": 0, "7d": 0 };
  }

  async network() {
    const tip = this.agg.network ?? (await (async () => {
      const t = await this.q.networkTip();
      return t ? { height: t.height, hash: t.hash, difficulty: t.difficulty, at: t.seenAt } : null;
    })());
    if (!tip) return { difficulty: null, block_height: null, next_retarget_blocks: null };
    return { difficulty: tip.difficulty, block_height: tip.height, next_retarget_blocks: RETARGET_INTERVAL - ((tip.height + 1) % RETARGET_INTERVAL) };
  }

  async dashboard(address: string, userId: number) {
    const now = this.now();
    const rates = this.rates(address);
    // Independent reads, sent together: on PostgreSQL they run on several connections at once.
    const [hourly, today, workers, bests, week, network] = await Promise.all([
      this.q.userHours(userId, unixHour(now - 48 * HOUR_MS), 1),
      this.q.dailyStats(userId, null, 2),
      this.workers(address, userId),
      this.bests(userId),
      this.q.weeklyBest(userId, weekStart(now)),
      this.network(),
    ]);
    const last24 = fillSeries(hourly, now - DAY_MS, now, HOUR_MS, HOUR_MS);
    const prevHour = hourly.find((p) => p.t === unixHour(now) - 24);
    const todayRow = today.find((d) => d.day === utcDay(now));
    const yesterday = today.find((d) => d.day === utcDay(now - DAY_MS));
    // Yesterday up to the same time of day, so the comparison is like for like.
    const fraction = (now - dayStart(now)) / DAY_MS;
    const yesterdaySoFar = yesterday ? yesterday.acceptedShares * fraction : 0;
    return {
      hashrate: {
        current: rates["5m"],
        change_24h: prevHour && prevHour.sumDiff > 0 ? Math.round((rates["1h"] / rateOf(prevHour.sumDiff, HOUR_MS) - 1) * 1000) / 10 : null,
        sparkline_24h: last24.map((p) => p.hashrate),
      },
      shares: {
        today: todayRow?.acceptedShares ?? 0,
        change_24h: yesterdaySoFar > 0 ? Math.round(((todayRow?.acceptedShares ?? 0) / yesterdaySoFar - 1) * 1000) / 10 : null,
        accepted_rate: todayRow ? pct(todayRow.acceptedShares, todayRow.totalShares) : null,
      },
      workers: { online: workers.filter((w) => w.is_online).length, total: workers.length },
      best_diff: {
        weekly: week.best,
        alltime: bests.alltime?.difficulty ?? 0,
        since_last_block: bests.block?.difficulty ?? 0,
        weekly_rank: week.rank,
        weekly_percentile: week.rank !== null && week.miners > 0 ? Math.round(((week.miners - week.rank) / week.miners) * 100) : null,
      },
      network,
    };
  }

  async workers(address: string, userId: number) {
    const now = this.now();
    return (await this.q.workers(userId)).map((w) => {
      const live = this.agg.workerLive(address, w.name, now);
      const r = live?.rates;
      return {
        id: w.id,
        name: w.name,
        is_online: live ? live.online : false,
        hashrate_1m: r?.["1m"] ?? 0,
        hashrate_5m: r?.["5m"] ?? 0,
        hashrate_1h: r?.["1h"] ?? 0,
        hashrate_24h: r?.["1d"] ?? 0,
        current_diff: live?.currentDiff ?? w.currentDiff,
        best_diff: w.bestDiff,
        best_diff_at: iso(w.bestDiffAt),
        shares_accepted: w.sharesAccepted,
        shares_rejected: w.sharesRejected,
        last_share_at: iso(live?.lastShareAt ?? w.lastShareAt),
        user_agent: live?.userAgent ?? w.userAgent,
        connected_at: iso(w.connectedAt),
      };
    });
  }

  async worker(address: string, userId: number, workerId: number) {
    const w = (await this.workers(address, userId)).find((x) => x.id === workerId);
    if (!w) return null;
    const now = this.now();
    const [hourRows, shareRows] = await Promise.all([this.q.workerHours(workerId, unixHour(now - DAY_MS)), this.q.shares(userId, null, 20, workerId)]);
    const hours = fillSeries(hourRows, now - DAY_MS, now, HOUR_MS, HOUR_MS);
    const recent = shareRows.map(shareJson);
    return { ...w, hashrate_24h_series: hours.map((p) => ({ t: iso(p.t), hashrate: p.hashrate })), recent_shares: recent };
  }

  async shares(userId: number, before: number | null, limit: number): Promise<Page<ReturnType<typeof shareJson>>> {
    const rows = (await this.q.shares(userId, before, limit + 1)).map(shareJson);
    return page(rows, limit, (last) => ({ id: last.id }));
  }

  live(address: string) {
    return this.agg.recentShares(address).map((s) => ({
      worker: s.worker, at: iso(s.at), difficulty: s.difficulty, share_difficulty: s.shareDifficulty, accepted: s.accepted,
      reject_reason: s.accepted ? null : (s.rejectReason ?? REJECT_REASONS[s.rejectCode ?? 20] ?? "other"), is_block: s.isBlock,
    }));
  }

  /** Scatter of achieved difficulty (last 24 h) and its distribution by powers of ten. */
  async difficulty(userId: number) {
    const rows = await this.q.shareDifficulties(userId, this.now() - DAY_MS, 2000);
    const buckets = new Map<number, number>();
    for (const r of rows) {
      const exp = r.d > 0 ? Math.floor(Math.log10(r.d)) : 0;
      buckets.set(exp, (buckets.get(exp) ?? 0) + 1);
    }
    const distribution = [...buckets.entries()].sort((a, b) => a[0] - b[0]).map(([exp, count]) => ({ from: 10 ** exp, to: 10 ** (exp + 1), count }));
    return { scatter: rows.reverse().map((r) => ({ t: iso(r.at), difficulty: r.d })), distribution };
  }

  async blocks(before: number | null, limit: number, userId?: number): Promise<Page<ReturnType<typeof blockJson>>> {
    return page((await this.q.blocks(before, limit + 1, userId)).map(blockJson), limit, (last) => ({ id: last.id }));
  }

  async bests(userId: number): Promise<Partial<Record<"week" | "month" | "alltime" | "block", { difficulty: number; achieved_at: string | null; worker: string | null }>>> {
    const now = this.now();
    const current: Record<string, number> = { week: weekStart(now), month: Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), 1), alltime: 0, block: this.agg.lastPoolBlockAt };
    const out: Partial<Record<"week" | "month" | "alltime" | "block", { difficulty: number; achieved_at: string | null; worker: string | null }>> = {};
    for (const r of await this.q.personalBests(userId)) {
      // A row from an earlier week/month/block era is history, not the current best.
      if (r.periodStart < (current[r.period] ?? 0)) continue;
      out[r.period as "week"] = { difficulty: r.bestDifficulty, achieved_at: iso(r.achievedAt), worker: r.workerName };
    }
    return out;
  }

  async bestDiff(userId: number) {
    const now = this.now();
    const [week, history] = await Promise.all([this.q.weeklyBest(userId, weekStart(now)), this.q.weeklyHistory(userId, 12)]);
    return {
      week_start: iso(weekStart(now)),
      best_difficulty: week.best,
      achieved_at: iso(week.bestAt),
      worker: week.worker,
      shares: week.shares,
      rank: week.rank,
      miners: week.miners,
      history: history.map((w) => ({ week_start: iso(w.weekStart), best_difficulty: w.best, shares: w.shares })),
    };
  }

  async dailyStats(userId: number, before: string | null, limit: number) {
    const rows = (await this.q.dailyStats(userId, before, limit + 1)).map((d) => ({
      date: d.day, total_shares: d.totalShares, accepted_shares: d.acceptedShares, rejected_shares: d.rejectedShares, best_diff: d.bestDiff,
      avg_hashrate: rateOf(d.sumDiff, Math.min(DAY_MS, this.now() - Date.parse(d.day))), workers_active: d.workersActive,
    }));
    return page(rows, limit, (last) => ({ day: last.date }));
  }

  async rejects(userId: number) {
    const r = await this.q.userRejects(userId, unixMinute(this.now() - DAY_MS));
    return { accepted: r.accepted, rejected: r.rejected, by_reason: { stale: r.stale, duplicate: r.duplicate, low_difficulty: r.lowDiff, other: r.other } };
  }

  async publicStats() {
    const now = this.now();
    const live = this.agg.counts(now);
    // Several instances: the pool is the sum over them (miners and workers counted once).
    const wide = this.poolWide?.() ?? null;
    const rates = wide?.hashrate ?? this.agg.poolHashrate(now);
    const [counts, blocks, last, network] = await Promise.all([this.q.poolCounts(), this.q.blockCount(), this.q.blocks(null, 1), this.network()]);
    return {
      hashrate: { "1m": rates["1m"], "5m": rates["5m"], "1h": rates["1h"], "1d": rates["1d"], "7d": rates["7d"] },
      miners: { total: counts.miners, online: wide?.miners ?? live.onlineUsers },
      workers: { total: counts.workers, online: wide?.workers ?? live.onlineWorkers },
      blocks: { found: blocks.found, accepted: blocks.accepted, last: last[0] ? blockJson(last[0]) : null },
      network,
      instances: wide?.instances.length ?? 1,
    };
  }

  /** ckpool's `users/<address>` JSON, which Bitaxe dashboards and scripts read. */
  async ckpool(address: string, userId: number) {
    const now = this.now();
    const r = this.rates(address);
    const [rows, totals, bests, userTotal] = await Promise.all([
      this.q.workers(userId), this.q.workerTotalDiffs(userId), this.bests(userId), this.q.userTotalDiff(userId),
    ]);
    const secs = (ms: number | null) => (ms ? Math.floor(ms / 1000) : 0);
    const worker = rows.map((w) => {
      const live = this.agg.workerLive(address, w.name, now);
      const wr = live?.rates ?? { "1m": 0, "5m": 0, "1h": 0, "1d": 0, "7d": 0 };
      return {
        workername: w.name ? `${address}.${w.name}` : address,
        hashrate1m: ckpoolSuffix(wr["1m"]), hashrate5m: ckpoolSuffix(wr["5m"]), hashrate1hr: ckpoolSuffix(wr["1h"]),
        hashrate1d: ckpoolSuffix(wr["1d"]), hashrate7d: ckpoolSuffix(wr["7d"]),
        lastshare: secs(live?.lastShareAt ?? w.lastShareAt), shares: Math.round(totals.get(w.id) ?? 0), bestshare: w.bestDiff, bestever: w.bestDiff,
      };
    });
    const lastshare = Math.max(0, ...worker.map((w) => w.lastshare));
    return {
      hashrate1m: ckpoolSuffix(r["1m"]), hashrate5m: ckpoolSuffix(r["5m"]), hashrate1hr: ckpoolSuffix(r["1h"]),
      hashrate1d: ckpoolSuffix(r["1d"]), hashrate7d: ckpoolSuffix(r["7d"]),
      lastshare, workers: rows.filter((w) => this.agg.workerLive(address, w.name, now)?.online).length,
      shares: Math.round(userTotal),
      bestshare: bests.block?.difficulty ?? 0,
      bestever: bests.alltime?.difficulty ?? 0,
      authorised: rows.length ? secs(Math.min(...rows.map((w) => w.createdAt))) : 0,
      worker,
    };
  }
}

function shareJson(s: { id: number; worker: string; at: number; difficulty: number; shareDifficulty: number; rejectCode: number | null; isBlock: number }) {
  return {
    id: s.id, worker: s.worker, at: new Date(s.at).toISOString(), difficulty: s.difficulty, share_difficulty: s.shareDifficulty,
    accepted: s.rejectCode === null, reject_reason: s.rejectCode === null ? null : (REJECT_REASONS[s.rejectCode] ?? "other"), is_block: Boolean(s.isBlock),
  };
}

export function blockJson(b: BlockRow) {
  return {
    id: b.id, height: b.height, hash: b.hash, address: b.address, worker: b.workerName, reward_sats: b.rewardSats,
    network_difficulty: b.networkDifficulty, share_difficulty: b.shareDifficulty, status: b.status, confirmations: b.confirmations,
    found_at: new Date(b.foundAt).toISOString(),
  };
}

export { HASHES_PER_DIFF };
