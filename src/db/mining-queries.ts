// Read side of the mining tables: what dashboards, the public API and the ckpool-compatible
// JSON ask for. Every query is bounded by an index (user, worker+time, time) so answers stay
// in the low milliseconds with a thousand workers and a month of history.
import type { Db } from "./client.ts";

export interface WorkerRow {
  id: number;
  name: string;
  userAgent: string | null;
  ip: string | null;
  isOnline: number;
  currentDiff: number | null;
  bestDiff: number;
  bestDiffAt: number | null;
  sharesAccepted: number;
  sharesRejected: number;
  lastShareAt: number | null;
  connectedAt: number | null;
  disconnectedAt: number | null;
  createdAt: number;
}

export interface SeriesPoint {
  t: number;
  accepted: number;
  rejected: number;
  sumDiff: number;
  bestDiff: number;
}

export interface ShareRow {
  id: number;
  worker: string;
  at: number;
  difficulty: number;
  shareDifficulty: number;
  rejectCode: number | null;
  isBlock: number;
}

/** One hour of the pool's shares: accepted and rejected by reason (`minute`: the hour's first minute). */
export interface RejectHourRow {
  minute: number;
  accepted: number;
  stale: number;
  duplicate: number;
  lowDiff: number;
  other: number;
}

export interface BlockRow {
  id: number;
  height: number;
  hash: string;
  address: string;
  workerName: string | null;
  rewardSats: number;
  networkDifficulty: number;
  shareDifficulty: number;
  status: string;
  confirmations: number;
  foundAt: number;
}

const WORKER_COLS = `id, name, user_agent AS userAgent, ip, is_online AS isOnline, current_diff AS currentDiff, best_diff AS bestDiff,
  best_diff_at AS bestDiffAt, shares_accepted AS sharesAccepted, shares_rejected AS sharesRejected, last_share_at AS lastShareAt,
  connected_at AS connectedAt, disconnected_at AS disconnectedAt, created_at AS createdAt`;
const BLOCK_COLS = `id, height, hash, address, worker_name AS workerName, reward_sats AS rewardSats, network_difficulty AS networkDifficulty,
  share_difficulty AS shareDifficulty, status, confirmations, found_at AS foundAt`;

export class MiningQueries {
  constructor(private readonly db: Db) {}

  private q<T>(sql: string) {
    return this.db.sqlite.query<T, any[]>(sql);
  }

  userIdByAddress(address: string): number | null {
    return this.q<{ id: number }>(`SELECT id FROM users WHERE btc_address = ?`).get(address)?.id ?? null;
  }

  workers(userId: number): WorkerRow[] {
    return this.q<WorkerRow>(`SELECT ${WORKER_COLS} FROM workers WHERE user_id = ? ORDER BY name`).all(userId);
  }

  worker(userId: number, workerId: number): WorkerRow | null {
    return this.q<WorkerRow>(`SELECT ${WORKER_COLS} FROM workers WHERE user_id = ? AND id = ?`).get(userId, workerId);
  }

  /** A user's accepted work per `step` minutes from `fromMinute` (minute rollups, last 48 h). */
  userMinutes(userId: number, fromMinute: number, step: number): SeriesPoint[] {
    return this.q<SeriesPoint>(
      `SELECT (m.minute / ?1) * ?1 AS t, sum(m.accepted) AS accepted, sum(m.rejected) AS rejected, sum(m.sum_diff) AS sumDiff, max(m.best_diff) AS bestDiff
       FROM workers w JOIN share_minutes m ON m.worker_id = w.id AND m.minute >= ?2 WHERE w.user_id = ?3 GROUP BY 1 ORDER BY 1`,
    ).all(step, fromMinute, userId);
  }

  userHours(userId: number, fromHour: number, step: number): SeriesPoint[] {
    return this.q<SeriesPoint>(
      `SELECT (h.hour / ?1) * ?1 AS t, sum(h.accepted) AS accepted, sum(h.rejected) AS rejected, sum(h.sum_diff) AS sumDiff, max(h.best_diff) AS bestDiff
       FROM workers w JOIN share_hours h ON h.worker_id = w.id AND h.hour >= ?2 WHERE w.user_id = ?3 GROUP BY 1 ORDER BY 1`,
    ).all(step, fromHour, userId);
  }

  workerHours(workerId: number, fromHour: number): SeriesPoint[] {
    return this.q<SeriesPoint>(
      `SELECT hour AS t, accepted, rejected, sum_diff AS sumDiff, best_diff AS bestDiff FROM share_hours WHERE worker_id = ? AND hour >= ? ORDER BY hour`,
    ).all(workerId, fromHour);
  }

  poolMinutes(fromMinute: number, step: number): SeriesPoint[] {
    return this.q<SeriesPoint>(
      `SELECT (minute / ?1) * ?1 AS t, sum(accepted) AS accepted, sum(rejected) AS rejected, sum(sum_diff) AS sumDiff, max(best_diff) AS bestDiff
       FROM pool_minutes WHERE minute >= ?2 GROUP BY 1 ORDER BY 1`,
    ).all(step, fromMinute);
  }

  poolHours(fromHour: number, step: number): SeriesPoint[] {
    return this.q<SeriesPoint>(
      `SELECT (hour / ?1) * ?1 AS t, sum(accepted) AS accepted, sum(rejected) AS rejected, sum(sum_diff) AS sumDiff, max(best_diff) AS bestDiff
       FROM pool_hours WHERE hour >= ?2 GROUP BY 1 ORDER BY 1`,
    ).all(step, fromHour);
  }

  /** Rejects of a user since `fromMinute`, by reason. */
  userRejects(userId: number, fromMinute: number): { accepted: number; rejected: number; stale: number; duplicate: number; lowDiff: number; other: number } {
    const r = this.q<Record<string, number | null>>(
      `SELECT sum(accepted) AS accepted, sum(rejected) AS rejected, sum(rejected_stale) AS stale, sum(rejected_duplicate) AS duplicate,
        sum(rejected_low_diff) AS lowDiff, sum(rejected_other) AS other
       FROM workers w JOIN share_minutes m ON m.worker_id = w.id AND m.minute >= ? WHERE w.user_id = ?`,
    ).get(fromMinute, userId)!;
    return { accepted: r.accepted ?? 0, rejected: r.rejected ?? 0, stale: r.stale ?? 0, duplicate: r.duplicate ?? 0, lowDiff: r.lowDiff ?? 0, other: r.other ?? 0 };
  }

  /** The whole pool's shares per hour by reject reason, from the minute rollups (kept 48 h): the admin Pool page. */
  poolRejectHours(fromMinute: number): RejectHourRow[] {
    return this.q<RejectHourRow>(
      `SELECT (minute / 60) * 60 AS minute, sum(accepted) AS accepted, sum(rejected_stale) AS stale, sum(rejected_duplicate) AS duplicate,
        sum(rejected_low_diff) AS lowDiff, sum(rejected_other) AS other
       FROM share_minutes WHERE minute >= ? GROUP BY 1 ORDER BY 1`,
    ).all(fromMinute);
  }

  /** Newest first, ids below `beforeId` (cursor pagination). */
  shares(userId: number, beforeId: number | null, limit: number, workerId?: number): ShareRow[] {
    return this.q<ShareRow>(
      `SELECT s.id, w.name AS worker, s.at, s.difficulty, s.share_difficulty AS shareDifficulty, s.reject_code AS rejectCode, s.is_block AS isBlock
       FROM shares s JOIN workers w ON w.id = s.worker_id
       WHERE s.user_id = ?1 AND s.id < ?2 AND (?3 IS NULL OR s.worker_id = ?3) ORDER BY s.id DESC LIMIT ?4`,
    ).all(userId, beforeId ?? Number.MAX_SAFE_INTEGER, workerId ?? null, limit);
  }

  /** Achieved difficulties of accepted shares since `since` (newest `limit`). */
  shareDifficulties(userId: number, since: number, limit: number): { at: number; d: number }[] {
    return this.q<{ at: number; d: number }>(
      `SELECT at, share_difficulty AS d FROM shares WHERE user_id = ? AND at >= ? AND reject_code IS NULL ORDER BY id DESC LIMIT ?`,
    ).all(userId, since, limit);
  }

  blocks(beforeId: number | null, limit: number, userId?: number): BlockRow[] {
    return this.q<BlockRow>(
      `SELECT ${BLOCK_COLS} FROM blocks WHERE id < ?1 AND (?2 IS NULL OR user_id = ?2) ORDER BY id DESC LIMIT ?3`,
    ).all(beforeId ?? Number.MAX_SAFE_INTEGER, userId ?? null, limit);
  }

  /** Found blocks whose fate can still change: accepted ones, and orphaned ones found since `orphanSince`. */
  blocksInPlay(orphanSince: number): { hash: string; height: number; status: string; confirmations: number }[] {
    return this.q<{ hash: string; height: number; status: string; confirmations: number }>(
      `SELECT hash, height, status, confirmations FROM blocks WHERE status = 'accepted' OR (status = 'orphaned' AND found_at >= ?) ORDER BY height`,
    ).all(orphanSince);
  }

  blockCount(): { found: number; accepted: number } {
    return this.q<{ found: number; accepted: number }>(
      `SELECT count(*) AS found, coalesce(sum(status IN ('accepted', 'confirmed')), 0) AS accepted FROM blocks`,
    ).get()!;
  }

  personalBests(userId: number): { period: string; periodStart: number; bestDifficulty: number; achievedAt: number; workerName: string | null }[] {
    return this.q<{ period: string; periodStart: number; bestDifficulty: number; achievedAt: number; workerName: string | null }>(
      `SELECT period, period_start AS periodStart, best_difficulty AS bestDifficulty, achieved_at AS achievedAt, worker_name AS workerName
       FROM personal_bests WHERE user_id = ?`,
    ).all(userId);
  }

  /** The week's best of a user, its rank among all miners that week and how many there were. */
  weeklyBest(userId: number, weekStart: number): { best: number; bestAt: number | null; worker: string | null; shares: number; rank: number | null; miners: number } {
    const row = this.q<{ best: number; bestAt: number | null; worker: string | null; shares: number }>(
      `SELECT best_difficulty AS best, best_at AS bestAt, worker_name AS worker, total_shares AS shares FROM weekly_best_diff WHERE user_id = ? AND week_start = ?`,
    ).get(userId, weekStart);
    const miners = this.q<{ n: number }>(`SELECT count(*) AS n FROM weekly_best_diff WHERE week_start = ?`).get(weekStart)!.n;
    if (!row) return { best: 0, bestAt: null, worker: null, shares: 0, rank: null, miners };
    const above = this.q<{ n: number }>(`SELECT count(*) AS n FROM weekly_best_diff WHERE week_start = ? AND best_difficulty > ?`).get(weekStart, row.best)!.n;
    return { ...row, rank: above + 1, miners };
  }

  weeklyHistory(userId: number, limit: number): { weekStart: number; best: number; shares: number }[] {
    return this.q<{ weekStart: number; best: number; shares: number }>(
      `SELECT week_start AS weekStart, best_difficulty AS best, total_shares AS shares FROM weekly_best_diff WHERE user_id = ? ORDER BY week_start DESC LIMIT ?`,
    ).all(userId, limit);
  }

  dailyStats(userId: number, beforeDay: string | null, limit: number) {
    return this.q<{ day: string; totalShares: number; acceptedShares: number; rejectedShares: number; bestDiff: number; sumDiff: number; workersActive: number }>(
      `SELECT day, total_shares AS totalShares, accepted_shares AS acceptedShares, rejected_shares AS rejectedShares, best_diff AS bestDiff,
        sum_diff AS sumDiff, workers_active AS workersActive
       FROM user_daily_stats WHERE user_id = ? AND day < ? ORDER BY day DESC LIMIT ?`,
    ).all(userId, beforeDay ?? "9999-12-31", limit);
  }

  /** All accepted work of a user ever (ckpool's `shares`: diff-1 shares). */
  userTotalDiff(userId: number): number {
    return (
      this.q<{ s: number | null }>(`SELECT sum(h.sum_diff) AS s FROM workers w JOIN share_hours h ON h.worker_id = w.id WHERE w.user_id = ?`).get(userId)?.s ?? 0
    );
  }

  workerTotalDiffs(userId: number): Map<number, number> {
    const rows = this.q<{ id: number; s: number }>(
      `SELECT w.id, coalesce(sum(h.sum_diff), 0) AS s FROM workers w LEFT JOIN share_hours h ON h.worker_id = w.id WHERE w.user_id = ? GROUP BY w.id`,
    ).all(userId);
    return new Map(rows.map((r) => [r.id, r.s]));
  }

  poolCounts(): { miners: number; workers: number; onlineWorkers: number; onlineMiners: number } {
    return this.q<{ miners: number; workers: number; onlineWorkers: number; onlineMiners: number }>(
      `SELECT count(DISTINCT user_id) AS miners, count(*) AS workers, coalesce(sum(is_online), 0) AS onlineWorkers,
        count(DISTINCT CASE WHEN is_online = 1 THEN user_id END) AS onlineMiners FROM workers`,
    ).get()!;
  }

  networkTip(): { height: number; hash: string; difficulty: number; seenAt: number } | null {
    return this.q<{ height: number; hash: string; difficulty: number; seenAt: number }>(
      `SELECT height, hash, difficulty, seen_at AS seenAt FROM network_blocks ORDER BY height DESC LIMIT 1`,
    ).get();
  }

  /**
   * Every worker's best share above zero, keyed the way the pool names them (address, worker):
   * at start the pool continues "New best share" messages from the stored record.
   */
  workerBests(): { address: string; worker: string; best: number }[] {
    return this.q<{ address: string; worker: string; best: number }>(
      `SELECT u.btc_address AS address, w.name AS worker, w.best_diff AS best
       FROM workers w JOIN users u ON u.id = w.user_id WHERE w.best_diff > 0 AND u.btc_address IS NOT NULL`,
    ).all();
  }

  /** When the pool last found a block the node took (0 if never): starts the "since last block" era. */
  lastPoolBlockAt(): number {
    return this.q<{ at: number | null }>(`SELECT max(found_at) AS at FROM blocks WHERE status IN ('accepted', 'confirmed')`).get()?.at ?? 0;
  }

  networkHistory(limit: number): { height: number; difficulty: number; seenAt: number }[] {
    return this.q<{ height: number; difficulty: number; seenAt: number }>(
      `SELECT height, difficulty, seen_at AS seenAt FROM network_blocks ORDER BY height DESC LIMIT ?`,
    ).all(limit);
  }
}
