// Writes the mining aggregator's batches. One batch is one transaction: after a crash the
// database holds every batch before the last one whole, and none of the last (at most one
// second of shares). Statements are prepared once; additive rollups use upserts so a batch
// never needs to read before it writes. It runs in the mining writer thread, on that thread's
// own connection (src/mining/writer-worker.ts).
import type { Database } from "bun:sqlite";
import { addHour, type Batch, type Bucket } from "./mining-batch.ts";

/** Minute rollups are kept this long; charts beyond read the hourly rollups. */
export const MINUTE_RETENTION_MS = 2 * 86_400_000;
/** Rows removed per table per retention pass, so a pass never holds the writer for long. */
export const RETENTION_CHUNK = 50_000;

export interface WriteResult {
  shares: number;
  workers: number;
  ms: number;
}

type Stmts = ReturnType<typeof prepare>;

function prepare(db: Database) {
  const q = (sql: string) => db.prepare(sql);
  const bucketCols = `accepted, rejected, sum_diff, best_diff`;
  const bucketUpsert = `accepted = accepted + excluded.accepted, rejected = rejected + excluded.rejected,
    sum_diff = sum_diff + excluded.sum_diff, best_diff = max(best_diff, excluded.best_diff)`;
  return {
    userInsert: q(`INSERT INTO users (btc_address, auth_method) VALUES (?, 'miner') ON CONFLICT (btc_address) DO NOTHING`),
    userId: q(`SELECT id FROM users WHERE btc_address = ?`),
    workerUpsert: q(`INSERT INTO workers (user_id, name, user_agent, ip, is_online, current_diff, best_diff, best_diff_at,
        shares_accepted, shares_rejected, last_share_at, connected_at, disconnected_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (user_id, name) DO UPDATE SET
        user_agent = coalesce(excluded.user_agent, user_agent), ip = coalesce(excluded.ip, ip), is_online = excluded.is_online,
        current_diff = coalesce(excluded.current_diff, current_diff),
        best_diff_at = CASE WHEN excluded.best_diff > best_diff THEN excluded.best_diff_at ELSE best_diff_at END,
        best_diff = max(best_diff, excluded.best_diff),
        shares_accepted = shares_accepted + excluded.shares_accepted, shares_rejected = shares_rejected + excluded.shares_rejected,
        last_share_at = max(coalesce(last_share_at, 0), coalesce(excluded.last_share_at, 0)),
        connected_at = coalesce(excluded.connected_at, connected_at), disconnected_at = coalesce(excluded.disconnected_at, disconnected_at)
      RETURNING id`),
    minuteUpsert: q(`INSERT INTO share_minutes (worker_id, minute, ${bucketCols}, rejected_stale, rejected_duplicate, rejected_low_diff, rejected_other)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (worker_id, minute) DO UPDATE SET ${bucketUpsert},
        rejected_stale = rejected_stale + excluded.rejected_stale, rejected_duplicate = rejected_duplicate + excluded.rejected_duplicate,
        rejected_low_diff = rejected_low_diff + excluded.rejected_low_diff, rejected_other = rejected_other + excluded.rejected_other`),
    hourUpsert: q(`INSERT INTO share_hours (worker_id, hour, ${bucketCols}) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (worker_id, hour) DO UPDATE SET ${bucketUpsert}`),
    poolMinuteUpsert: q(`INSERT INTO pool_minutes (minute, ${bucketCols}) VALUES (?, ?, ?, ?, ?) ON CONFLICT (minute) DO UPDATE SET ${bucketUpsert}`),
    poolHourUpsert: q(`INSERT INTO pool_hours (hour, ${bucketCols}) VALUES (?, ?, ?, ?, ?) ON CONFLICT (hour) DO UPDATE SET ${bucketUpsert}`),
    shareInsert: q(`INSERT INTO shares (user_id, worker_id, at, difficulty, share_difficulty, reject_code, is_block) VALUES (?, ?, ?, ?, ?, ?, ?)`),
    dailyUpsert: q(`INSERT INTO user_daily_stats (user_id, day, total_shares, accepted_shares, rejected_shares, best_diff, sum_diff, workers_active)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, day) DO UPDATE SET
        total_shares = total_shares + excluded.total_shares, accepted_shares = accepted_shares + excluded.accepted_shares,
        rejected_shares = rejected_shares + excluded.rejected_shares, best_diff = max(best_diff, excluded.best_diff),
        sum_diff = sum_diff + excluded.sum_diff, workers_active = max(workers_active, excluded.workers_active)`),
    bestUpsert: q(`INSERT INTO personal_bests (user_id, period, period_start, best_difficulty, achieved_at, worker_name)
      VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, period) DO UPDATE SET
        period_start = excluded.period_start, best_difficulty = excluded.best_difficulty,
        achieved_at = excluded.achieved_at, worker_name = excluded.worker_name
      WHERE excluded.period_start > period_start OR (excluded.period_start = period_start AND excluded.best_difficulty > best_difficulty)`),
    weeklyUpsert: q(`INSERT INTO weekly_best_diff (user_id, week_start, best_difficulty, best_at, worker_name, total_shares, sum_diff)
      VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, week_start) DO UPDATE SET
        best_at = CASE WHEN excluded.best_difficulty > best_difficulty THEN excluded.best_at ELSE best_at END,
        worker_name = CASE WHEN excluded.best_difficulty > best_difficulty THEN excluded.worker_name ELSE worker_name END,
        best_difficulty = max(best_difficulty, excluded.best_difficulty),
        total_shares = total_shares + excluded.total_shares, sum_diff = sum_diff + excluded.sum_diff`),
    blockInsert: q(`INSERT INTO blocks (height, hash, user_id, worker_name, address, reward_sats, network_difficulty, share_difficulty, status, submit_result, found_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING`),
    networkUpsert: q(`INSERT INTO network_blocks (height, hash, difficulty, seen_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (height) DO UPDATE SET hash = excluded.hash, difficulty = excluded.difficulty, seen_at = excluded.seen_at`),
    // The node's word on a found block (src/mining/block-status.ts): the only source of
    // confirmed/orphaned, since a reorg never shows in the tips the pool sees.
    blockStatus: q(`UPDATE blocks SET status = ?, confirmations = ? WHERE hash = ? AND status <> 'rejected'`),
  };
}

function bucketArgs(b: Bucket): [number, number, number, number] {
  return [b.accepted, b.rejected, b.sumDiff, b.bestDiff];
}

/** Writes batches into one database; caches the ids it resolved. */
export class MiningWriter {
  private readonly s: Stmts;
  private readonly userIds = new Map<string, number>();
  private readonly workerIds = new Map<string, number>();
  private readonly writeTx: (b: Batch) => void;

  constructor(private readonly db: Database) {
    this.s = prepare(db);
    this.writeTx = db.transaction((b: Batch) => this.writeInTx(b));
  }

  /**
   * Finalizes the prepared statements. Without this, closing the connection only marks it for
   * closing (sqlite3_close_v2) and the real close happens later, when the thread is torn down:
   * that late close briefly holds the WAL's checkpoint lock and the shutdown checkpoint on the
   * last connection finds it busy.
   */
  close(): void {
    for (const st of Object.values(this.s)) st.finalize();
  }

  /** The users row of a payout address, created (auth_method 'miner') on first sight. */
  userId(address: string): number {
    let id = this.userIds.get(address);
    if (id !== undefined) return id;
    this.s.userInsert.run(address);
    id = (this.s.userId.get(address) as { id: number }).id;
    this.userIds.set(address, id);
    return id;
  }

  write(b: Batch): WriteResult {
    const t0 = performance.now();
    try {
      this.writeTx(b);
    } catch (err) {
      // The rollback took back rows whose ids are cached (a miner's first users row, a new
      // worker): forget them all, or the retry would point at rows that do not exist.
      this.userIds.clear();
      this.workerIds.clear();
      throw err;
    }
    return { shares: b.shares.length, workers: b.workers.size, ms: performance.now() - t0 };
  }

  private writeInTx(b: Batch): void {
    const s = this.s;
    const touchedWorkers = new Map<string, number>();
    for (const [key, d] of b.workers) {
      const uid = this.userId(d.address);
      const row = s.workerUpsert.get(
        uid, d.worker, d.userAgent, d.ip, d.online ? 1 : 0, d.currentDiff, d.bestDiff, d.bestDiffAt,
        d.accepted, d.rejected, d.lastShareAt, d.connectedAt, d.disconnectedAt,
      ) as { id: number };
      this.workerIds.set(key, row.id);
      touchedWorkers.set(key, row.id);
      const hours = new Map<number, Bucket>();
      for (const [minute, m] of d.minutes) {
        s.minuteUpsert.run(row.id, minute, ...bucketArgs(m), m.stale, m.duplicate, m.lowDiff, m.other);
        addHour(hours, Math.floor(minute / 60), m);
      }
      for (const [hour, h] of hours) s.hourUpsert.run(row.id, hour, ...bucketArgs(h));
    }
    const insert = s.shareInsert;
    for (const r of b.shares) {
      const key = `${r.address}\n${r.worker}`;
      const wid = touchedWorkers.get(key) ?? this.workerIds.get(key);
      if (wid === undefined) continue; // every share's worker is in the same batch; defensive only
      insert.run(this.userId(r.address), wid, r.at, r.difficulty, r.shareDifficulty, r.rejectCode, r.isBlock ? 1 : 0);
    }
    const poolHours = new Map<number, Bucket>();
    for (const [minute, m] of b.pool) {
      s.poolMinuteUpsert.run(minute, ...bucketArgs(m));
      addHour(poolHours, Math.floor(minute / 60), m);
    }
    for (const [hour, h] of poolHours) s.poolHourUpsert.run(hour, ...bucketArgs(h));
    for (const d of b.daily.values())
      s.dailyUpsert.run(this.userId(d.address), d.day, d.accepted + d.rejected, d.accepted, d.rejected, d.bestDiff, d.sumDiff, d.workersActive);
    for (const p of b.bests.values()) s.bestUpsert.run(this.userId(p.address), p.period, p.periodStart, p.best, p.at, p.worker);
    for (const w of b.weekly.values())
      s.weeklyUpsert.run(this.userId(w.address), w.weekStart, w.best, w.bestAt, w.worker, w.accepted, w.sumDiff);
    for (const e of b.blocks) {
      s.blockInsert.run(
        e.height, e.hash, this.userId(e.address), e.worker, e.address, Math.trunc(e.rewardSats), e.networkDifficulty, e.shareDifficulty,
        e.accepted ? "accepted" : "rejected", e.reason, e.timestamp,
      );
    }
    for (const n of b.network) s.networkUpsert.run(n.height, n.hash, n.difficulty, n.timestamp);
    for (const u of b.blockStatus) s.blockStatus.run(u.status, u.confirmations, u.hash);
  }

  /** Deletes raw shares older than `shareCutoff` and minute rollups older than `minuteCutoff`, one chunk each. */
  prune(shareCutoff: number, minuteCutoff: number): { shares: number; minutes: number } {
    const db = this.db;
    // Ids grow with time, so the expired shares are the prefix of the table below the first
    // id that is still young: found by walking the rowid order, no index on `at` needed.
    const firstYoung = db.query<{ id: number }, [number, number]>(
      `SELECT id FROM (SELECT id, at FROM shares ORDER BY id LIMIT ?) WHERE at >= ? ORDER BY id LIMIT 1`,
    ).get(RETENTION_CHUNK + 1, shareCutoff);
    const maxOld = firstYoung
      ? firstYoung.id - 1
      : (db.query<{ id: number | null }, [number]>(`SELECT max(id) AS id FROM (SELECT id FROM shares ORDER BY id LIMIT ?)`).get(RETENTION_CHUNK)?.id ?? 0);
    const shares = maxOld > 0 ? db.run(`DELETE FROM shares WHERE id <= ?`, [maxOld]).changes : 0;
    const minute = Math.floor(minuteCutoff / 60_000);
    const minutes =
      db.run(`DELETE FROM share_minutes WHERE rowid IN (SELECT rowid FROM share_minutes WHERE minute < ? LIMIT ?)`, [minute, RETENTION_CHUNK]).changes +
      db.run(`DELETE FROM pool_minutes WHERE minute < ?`, [minute]).changes;
    return { shares, minutes };
  }
}

/** At start-up no session exists yet: every worker is offline until it connects again. */
export function markAllOffline(db: Database, at: number): void {
  db.run(`UPDATE workers SET is_online = 0, disconnected_at = coalesce(disconnected_at, ?) WHERE is_online = 1`, [at]);
}

/** When the pool last found a block the node took (0 if never). */
export function lastPoolBlockAt(db: Database): number {
  return db.query<{ at: number | null }, []>(`SELECT max(found_at) AS at FROM blocks WHERE status IN ('accepted', 'confirmed')`).get()?.at ?? 0;
}
