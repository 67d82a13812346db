// PostgreSQL twin of ./mining-queries.ts: the same questions, the same answer shapes (numbers,
// 0/1 flags), async. PostgreSQL folds unquoted aliases to lower case, so camelCase aliases are
// quoted; it has no boolean sums, so counts of flags use FILTER; it sends bigint and numeric
// (sums) as text, so those columns are turned back into numbers by their type, exactly.
import type { SQL } from "bun";
import type { BlockRow, RejectHourRow, SeriesPoint, ShareRow, WorkerRow } from "./mining-queries.ts";
import type { MiningReads } from "./mining-reads.ts";

const INT8 = 20;
const NUMERIC = 1700;

const WORKER_COLS = `id, name, user_agent AS "userAgent", ip, is_online::int AS "isOnline", current_diff AS "currentDiff", best_diff AS "bestDiff",
  best_diff_at AS "bestDiffAt", shares_accepted AS "sharesAccepted", shares_rejected AS "sharesRejected", last_share_at AS "lastShareAt",
  connected_at AS "connectedAt", disconnected_at AS "disconnectedAt", created_at AS "createdAt"`;
const BLOCK_COLS = `id, height, hash, address, worker_name AS "workerName", reward_sats AS "rewardSats", network_difficulty AS "networkDifficulty",
  share_difficulty AS "shareDifficulty", status, confirmations, found_at AS "foundAt"`;
const SERIES = (t: string) =>
  `sum(${t}accepted) AS accepted, sum(${t}rejected) AS rejected, sum(${t}sum_diff) AS "sumDiff", max(${t}best_diff) AS "bestDiff"`;

export class PgMiningQueries implements MiningReads {
  constructor(private readonly sql: SQL) {}

  private async all<T>(text: string, args: unknown[] = []): Promise<T[]> {
    const result = await this.sql.unsafe(text, args);
    const big = (result.columns as { name: string; type: number }[]).filter((c) => c.type === INT8 || c.type === NUMERIC).map((c) => c.name);
    const rows = [...result] as Record<string, unknown>[];
    if (big.length) for (const row of rows) for (const k of big) if (row[k] !== null) row[k] = Number(row[k]);
    return rows as T[];
  }

  private async one<T>(text: string, args: unknown[] = []): Promise<T | null> {
    return (await this.all<T>(text, args))[0] ?? null;
  }

  async userIdByAddress(address: string): Promise<number | null> {
    return (await this.one<{ id: number }>(`SELECT id FROM users WHERE btc_address = $1`, [address]))?.id ?? null;
  }

  workers(userId: number): Promise<WorkerRow[]> {
    // COLLATE "C": byte order, as SQLite's default BINARY collation sorts.
    return this.all<WorkerRow>(`SELECT ${WORKER_COLS} FROM workers WHERE user_id = $1 ORDER BY name COLLATE "C"`, [userId]);
  }

  worker(userId: number, workerId: number): Promise<WorkerRow | null> {
    return this.one<WorkerRow>(`SELECT ${WORKER_COLS} FROM workers WHERE user_id = $1 AND id = $2`, [userId, workerId]);
  }

  userMinutes(userId: number, fromMinute: number, step: number): Promise<SeriesPoint[]> {
    return this.all<SeriesPoint>(
      `SELECT (m.minute / $1) * $1 AS t, ${SERIES("m.")}
       FROM workers w JOIN share_minutes m ON m.worker_id = w.id AND m.minute >= $2 WHERE w.user_id = $3 GROUP BY 1 ORDER BY 1`,
      [step, fromMinute, userId],
    );
  }

  userHours(userId: number, fromHour: number, step: number): Promise<SeriesPoint[]> {
    return this.all<SeriesPoint>(
      `SELECT (h.hour / $1) * $1 AS t, ${SERIES("h.")}
       FROM workers w JOIN share_hours h ON h.worker_id = w.id AND h.hour >= $2 WHERE w.user_id = $3 GROUP BY 1 ORDER BY 1`,
      [step, fromHour, userId],
    );
  }

  workerHours(workerId: number, fromHour: number): Promise<SeriesPoint[]> {
    return this.all<SeriesPoint>(
      `SELECT hour AS t, accepted, rejected, sum_diff AS "sumDiff", best_diff AS "bestDiff" FROM share_hours WHERE worker_id = $1 AND hour >= $2 ORDER BY hour`,
      [workerId, fromHour],
    );
  }

  poolMinutes(fromMinute: number, step: number): Promise<SeriesPoint[]> {
    return this.all<SeriesPoint>(`SELECT (minute / $1) * $1 AS t, ${SERIES("")} FROM pool_minutes WHERE minute >= $2 GROUP BY 1 ORDER BY 1`, [step, fromMinute]);
  }

  poolHours(fromHour: number, step: number): Promise<SeriesPoint[]> {
    return this.all<SeriesPoint>(`SELECT (hour / $1) * $1 AS t, ${SERIES("")} FROM pool_hours WHERE hour >= $2 GROUP BY 1 ORDER BY 1`, [step, fromHour]);
  }

  async userRejects(userId: number, fromMinute: number) {
    const r = (await this.one<Record<string, number | null>>(
      `SELECT sum(accepted) AS accepted, sum(rejected) AS rejected, sum(rejected_stale) AS stale, sum(rejected_duplicate) AS duplicate,
        sum(rejected_low_diff) AS "lowDiff", sum(rejected_other) AS other
       FROM workers w JOIN share_minutes m ON m.worker_id = w.id AND m.minute >= $1 WHERE w.user_id = $2`,
      [fromMinute, userId],
    ))!;
    return { accepted: r.accepted ?? 0, rejected: r.rejected ?? 0, stale: r.stale ?? 0, duplicate: r.duplicate ?? 0, lowDiff: r.lowDiff ?? 0, other: r.other ?? 0 };
  }

  poolRejectHours(fromMinute: number): Promise<RejectHourRow[]> {
    return this.all<RejectHourRow>(
      `SELECT (minute / 60) * 60 AS minute, sum(accepted) AS accepted, sum(rejected_stale) AS stale, sum(rejected_duplicate) AS duplicate,
        sum(rejected_low_diff) AS "lowDiff", sum(rejected_other) AS other
       FROM share_minutes WHERE minute >= $1 GROUP BY 1 ORDER BY 1`,
      [fromMinute],
    );
  }

  shares(userId: number, beforeId: number | null, limit: number, workerId?: number): Promise<ShareRow[]> {
    return this.all<ShareRow>(
      `SELECT s.id, w.name AS worker, s.at, s.difficulty, s.share_difficulty AS "shareDifficulty", s.reject_code AS "rejectCode", s.is_block::int AS "isBlock"
       FROM shares s JOIN workers w ON w.id = s.worker_id
       WHERE s.user_id = $1 AND s.id < $2 AND ($3::int IS NULL OR s.worker_id = $3::int) ORDER BY s.id DESC LIMIT $4`,
      [userId, beforeId ?? Number.MAX_SAFE_INTEGER, workerId ?? null, limit],
    );
  }

  shareDifficulties(userId: number, since: number, limit: number): Promise<{ at: number; d: number }[]> {
    return this.all(`SELECT at, share_difficulty AS d FROM shares WHERE user_id = $1 AND at >= $2 AND reject_code IS NULL ORDER BY id DESC LIMIT $3`, [
      userId,
      since,
      limit,
    ]);
  }

  blocks(beforeId: number | null, limit: number, userId?: number): Promise<BlockRow[]> {
    return this.all<BlockRow>(`SELECT ${BLOCK_COLS} FROM blocks WHERE id < $1 AND ($2::int IS NULL OR user_id = $2::int) ORDER BY id DESC LIMIT $3`, [
      Math.min(beforeId ?? 2 ** 31 - 1, 2 ** 31 - 1),
      userId ?? null,
      limit,
    ]);
  }

  blocksInPlay(orphanSince: number): Promise<{ hash: string; height: number; status: string; confirmations: number }[]> {
    return this.all(
      `SELECT hash, height, status, confirmations FROM blocks WHERE status = 'accepted' OR (status = 'orphaned' AND found_at >= $1) ORDER BY height`,
      [orphanSince],
    );
  }

  async blockCount(): Promise<{ found: number; accepted: number }> {
    return (await this.one<{ found: number; accepted: number }>(
      `SELECT count(*) AS found, count(*) FILTER (WHERE status IN ('accepted', 'confirmed')) AS accepted FROM blocks`,
    ))!;
  }

  personalBests(userId: number) {
    return this.all<{ period: string; periodStart: number; bestDifficulty: number; achievedAt: number; workerName: string | null }>(
      `SELECT period, period_start AS "periodStart", best_difficulty AS "bestDifficulty", achieved_at AS "achievedAt", worker_name AS "workerName"
       FROM personal_bests WHERE user_id = $1`,
      [userId],
    );
  }

  /** One round trip (SQLite's twin makes three cheap calls; here each would be a network hop). */
  async weeklyBest(userId: number, weekStart: number) {
    const r = (await this.one<{ best: number | null; bestAt: number | null; worker: string | null; shares: number | null; miners: number; above: number }>(
      `SELECT b.best_difficulty AS best, b.best_at AS "bestAt", b.worker_name AS worker, b.total_shares AS shares,
         (SELECT count(*) FROM weekly_best_diff WHERE week_start = $2) AS miners,
         (SELECT count(*) FROM weekly_best_diff WHERE week_start = $2 AND best_difficulty > b.best_difficulty) AS above
       FROM (SELECT 1) AS one LEFT JOIN weekly_best_diff b ON b.user_id = $1 AND b.week_start = $2`,
      [userId, weekStart],
    ))!;
    if (r.best === null) return { best: 0, bestAt: null, worker: null, shares: 0, rank: null, miners: r.miners };
    return { best: r.best, bestAt: r.bestAt, worker: r.worker, shares: r.shares ?? 0, rank: r.above + 1, miners: r.miners };
  }

  weeklyHistory(userId: number, limit: number): Promise<{ weekStart: number; best: number; shares: number }[]> {
    return this.all(
      `SELECT week_start AS "weekStart", best_difficulty AS best, total_shares AS shares FROM weekly_best_diff WHERE user_id = $1 ORDER BY week_start DESC LIMIT $2`,
      [userId, limit],
    );
  }

  dailyStats(userId: number, beforeDay: string | null, limit: number) {
    return this.all<{ day: string; totalShares: number; acceptedShares: number; rejectedShares: number; bestDiff: number; sumDiff: number; workersActive: number }>(
      `SELECT day, total_shares AS "totalShares", accepted_shares AS "acceptedShares", rejected_shares AS "rejectedShares", best_diff AS "bestDiff",
        sum_diff AS "sumDiff", workers_active AS "workersActive"
       FROM user_daily_stats WHERE user_id = $1 AND day < $2 ORDER BY day DESC LIMIT $3`,
      [userId, beforeDay ?? "9999-12-31", limit],
    );
  }

  async userTotalDiff(userId: number): Promise<number> {
    return (await this.one<{ s: number | null }>(`SELECT sum(h.sum_diff) AS s FROM workers w JOIN share_hours h ON h.worker_id = w.id WHERE w.user_id = $1`, [userId]))?.s ?? 0;
  }

  async workerTotalDiffs(userId: number): Promise<Map<number, number>> {
    const rows = await this.all<{ id: number; s: number }>(
      `SELECT w.id, coalesce(sum(h.sum_diff), 0) AS s FROM workers w LEFT JOIN share_hours h ON h.worker_id = w.id WHERE w.user_id = $1 GROUP BY w.id`,
      [userId],
    );
    return new Map(rows.map((r) => [r.id, r.s]));
  }

  async poolCounts(): Promise<{ miners: number; workers: number; onlineWorkers: number; onlineMiners: number }> {
    return (await this.one<{ miners: number; workers: number; onlineWorkers: number; onlineMiners: number }>(
      `SELECT count(DISTINCT user_id) AS miners, count(*) AS workers, count(*) FILTER (WHERE is_online) AS "onlineWorkers",
        count(DISTINCT user_id) FILTER (WHERE is_online) AS "onlineMiners" FROM workers`,
    ))!;
  }

  networkTip(): Promise<{ height: number; hash: string; difficulty: number; seenAt: number } | null> {
    return this.one(`SELECT height, hash, difficulty, seen_at AS "seenAt" FROM network_blocks ORDER BY height DESC LIMIT 1`);
  }

  workerBests(): Promise<{ address: string; worker: string; best: number }[]> {
    return this.all(
      `SELECT u.btc_address AS address, w.name AS worker, w.best_diff AS best
       FROM workers w JOIN users u ON u.id = w.user_id WHERE w.best_diff > 0 AND u.btc_address IS NOT NULL`,
    );
  }

  async lastPoolBlockAt(): Promise<number> {
    return (await this.one<{ at: number | null }>(`SELECT max(found_at) AS at FROM blocks WHERE status IN ('accepted', 'confirmed')`))?.at ?? 0;
  }

  networkHistory(limit: number): Promise<{ height: number; difficulty: number; seenAt: number }[]> {
    return this.all(`SELECT height, difficulty, seen_at AS "seenAt" FROM network_blocks ORDER BY height DESC LIMIT $1`, [limit]);
  }
}
