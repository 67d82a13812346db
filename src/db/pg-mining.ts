// PostgreSQL twin of ./mining.ts: writes the mining aggregator's batches with the same
// semantics (one batch = one transaction; additive rollups by upsert, so a batch never reads
// before it writes; ids cached and forgotten when a batch rolls back). Differences from the
// SQLite SQL: GREATEST instead of two-argument max(), $n placeholders, real booleans, the target
// row named through an alias inside ON CONFLICT, and no rowid (retention deletes by key).
//
// Statements inside the batch's transaction are sent without waiting for each other where they
// touch different rows, so the client pipelines them on the transaction's connection instead
// of paying one round trip each.
import type { SQL, TransactionSQL } from "bun";
import type { Batch, Bucket } from "../mining/aggregator.ts";
import { RETENTION_CHUNK, type WriteResult } from "./mining.ts";

type Tx = TransactionSQL;

const BUCKET_UPSERT = (t: string) => `accepted = ${t}.accepted + excluded.accepted, rejected = ${t}.rejected + excluded.rejected,
  sum_diff = ${t}.sum_diff + excluded.sum_diff, best_diff = GREATEST(${t}.best_diff, excluded.best_diff)`;

const Q = {
  userInsert: `INSERT INTO users (btc_address, auth_method) VALUES ($1, 'miner') ON CONFLICT (btc_address) DO NOTHING`,
  userId: `SELECT id FROM users WHERE btc_address = $1`,
  workerUpsert: `INSERT INTO workers AS w (user_id, name, user_agent, ip, is_online, current_diff, best_diff, best_diff_at,
      shares_accepted, shares_rejected, last_share_at, connected_at, disconnected_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
    ON CONFLICT (user_id, name) DO UPDATE SET
      user_agent = coalesce(excluded.user_agent, w.user_agent), ip = coalesce(excluded.ip, w.ip), is_online = excluded.is_online,
      current_diff = coalesce(excluded.current_diff, w.current_diff),
      best_diff_at = CASE WHEN excluded.best_diff > w.best_diff THEN excluded.best_diff_at ELSE w.best_diff_at END,
      best_diff = GREATEST(w.best_diff, excluded.best_diff),
      shares_accepted = w.shares_accepted + excluded.shares_accepted, shares_rejected = w.shares_rejected + excluded.shares_rejected,
      last_share_at = GREATEST(coalesce(w.last_share_at, 0), coalesce(excluded.last_share_at, 0)),
      connected_at = coalesce(excluded.connected_at, w.connected_at), disconnected_at = coalesce(excluded.disconnected_at, w.disconnected_at)
    RETURNING id`,
  minuteUpsert: `INSERT INTO share_minutes AS t (worker_id, minute, accepted, rejected, sum_diff, best_diff, rejected_stale, rejected_duplicate, rejected_low_diff, rejected_other)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (worker_id, minute) DO UPDATE SET ${BUCKET_UPSERT("t")},
      rejected_stale = t.rejected_stale + excluded.rejected_stale, rejected_duplicate = t.rejected_duplicate + excluded.rejected_duplicate,
      rejected_low_diff = t.rejected_low_diff + excluded.rejected_low_diff, rejected_other = t.rejected_other + excluded.rejected_other`,
  hourUpsert: `INSERT INTO share_hours AS t (worker_id, hour, accepted, rejected, sum_diff, best_diff) VALUES ($1, $2, $3, $4, $5, $6)
    ON CONFLICT (worker_id, hour) DO UPDATE SET ${BUCKET_UPSERT("t")}`,
  poolMinuteUpsert: `INSERT INTO pool_minutes AS t (minute, accepted, rejected, sum_diff, best_diff) VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (minute) DO UPDATE SET ${BUCKET_UPSERT("t")}`,
  poolHourUpsert: `INSERT INTO pool_hours AS t (hour, accepted, rejected, sum_diff, best_diff) VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (hour) DO UPDATE SET ${BUCKET_UPSERT("t")}`,
  dailyUpsert: `INSERT INTO user_daily_stats AS t (user_id, day, total_shares, accepted_shares, rejected_shares, best_diff, sum_diff, workers_active)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (user_id, day) DO UPDATE SET
      total_shares = t.total_shares + excluded.total_shares, accepted_shares = t.accepted_shares + excluded.accepted_shares,
      rejected_shares = t.rejected_shares + excluded.rejected_shares, best_diff = GREATEST(t.best_diff, excluded.best_diff),
      sum_diff = t.sum_diff + excluded.sum_diff, workers_active = GREATEST(t.workers_active, excluded.workers_active)`,
  bestUpsert: `INSERT INTO personal_bests AS t (user_id, period, period_start, best_difficulty, achieved_at, worker_name)
    VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id, period) DO UPDATE SET
      period_start = excluded.period_start, best_difficulty = excluded.best_difficulty,
      achieved_at = excluded.achieved_at, worker_name = excluded.worker_name
    WHERE excluded.period_start > t.period_start OR (excluded.period_start = t.period_start AND excluded.best_difficulty > t.best_difficulty)`,
  weeklyUpsert: `INSERT INTO weekly_best_diff AS t (user_id, week_start, best_difficulty, best_at, worker_name, total_shares, sum_diff)
    VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (user_id, week_start) DO UPDATE SET
      best_at = CASE WHEN excluded.best_difficulty > t.best_difficulty THEN excluded.best_at ELSE t.best_at END,
      worker_name = CASE WHEN excluded.best_difficulty > t.best_difficulty THEN excluded.worker_name ELSE t.worker_name END,
      best_difficulty = GREATEST(t.best_difficulty, excluded.best_difficulty),
      total_shares = t.total_shares + excluded.total_shares, sum_diff = t.sum_diff + excluded.sum_diff`,
  blockInsert: `INSERT INTO blocks (height, hash, user_id, worker_name, address, reward_sats, network_difficulty, share_difficulty, status, submit_result, found_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (hash) DO NOTHING`,
  networkUpsert: `INSERT INTO network_blocks (height, hash, difficulty, seen_at) VALUES ($1, $2, $3, $4)
    ON CONFLICT (height) DO UPDATE SET hash = excluded.hash, difficulty = excluded.difficulty, seen_at = excluded.seen_at`,
  blockStatus: `UPDATE blocks SET status = $1, confirmations = $2 WHERE hash = $3 AND status <> 'rejected'`,
} as const;

/** Rows per multi-row INSERT of raw shares (7 parameters each, far below PostgreSQL's 65,535). */
const SHARE_ROWS_PER_INSERT = 2_000;

const bucketArgs = (b: Bucket) => [b.accepted, b.rejected, b.sumDiff, b.bestDiff];

/** Writes batches into one PostgreSQL database; caches the ids it resolved. */
export class PgMiningWriter {
  private readonly userIds = new Map<string, number>();
  private readonly workerIds = new Map<string, number>();

  constructor(private readonly sql: SQL) {}

  /** The users row of a payout address, created (auth_method 'miner') on first sight. */
  async userId(address: string, tx: SQL | Tx = this.sql): Promise<number> {
    const known = this.userIds.get(address);
    if (known !== undefined) return known;
    await tx.unsafe(Q.userInsert, [address]);
    const [row] = await tx.unsafe(Q.userId, [address]);
    this.userIds.set(address, row.id);
    return row.id;
  }

  async write(b: Batch): Promise<WriteResult> {
    const t0 = performance.now();
    try {
      await this.sql.begin((tx) => this.writeInTx(tx, b));
    } catch (err) {
      // The rollback took back rows whose ids are cached: forget them all (see ./mining.ts).
      this.userIds.clear();
      this.workerIds.clear();
      throw err;
    }
    return { shares: b.shares.length, workers: b.workers.size, ms: performance.now() - t0 };
  }

  private async writeInTx(tx: Tx, b: Batch): Promise<void> {
    // 1. Users of every address the batch names (in order: each may insert a row).
    const addresses = new Set<string>();
    for (const d of b.workers.values()) addresses.add(d.address);
    for (const r of b.shares) addresses.add(r.address);
    for (const d of b.daily.values()) addresses.add(d.address);
    for (const p of b.bests.values()) addresses.add(p.address);
    for (const w of b.weekly.values()) addresses.add(w.address);
    for (const e of b.blocks) addresses.add(e.address);
    const uid = new Map<string, number>();
    for (const a of addresses) uid.set(a, await this.userId(a, tx));

    // 2. Workers (distinct rows: pipelined), for their ids.
    const workerEntries = [...b.workers];
    const ids = await Promise.all(
      workerEntries.map(([, d]) =>
        tx.unsafe(Q.workerUpsert, [
          uid.get(d.address), d.worker, d.userAgent, d.ip, d.online, d.currentDiff, d.bestDiff, d.bestDiffAt,
          d.accepted, d.rejected, d.lastShareAt, d.connectedAt, d.disconnectedAt,
        ]),
      ),
    );
    const touched = new Map<string, number>();
    workerEntries.forEach(([key], i) => {
      const id = ids[i]![0].id as number;
      this.workerIds.set(key, id);
      touched.set(key, id);
    });

    // 3. Everything keyed by (worker|pool|user, period): each statement its own row, pipelined.
    const pending: Promise<unknown>[] = [];
    const run = (q: string, args: unknown[]) => pending.push(tx.unsafe(q, args));
    for (const [key, d] of workerEntries) {
      const wid = touched.get(key)!;
      const hours = new Map<number, Bucket>();
      for (const [minute, m] of d.minutes) {
        run(Q.minuteUpsert, [wid, minute, ...bucketArgs(m), m.stale, m.duplicate, m.lowDiff, m.other]);
        addHour(hours, Math.floor(minute / 60), m);
      }
      for (const [hour, h] of hours) run(Q.hourUpsert, [wid, hour, ...bucketArgs(h)]);
    }
    const shareRows: Record<string, unknown>[] = [];
    for (const r of b.shares) {
      const key = `${r.address}\n${r.worker}`;
      const wid = touched.get(key) ?? this.workerIds.get(key);
      if (wid === undefined) continue; // every share's worker is in the same batch; defensive only
      shareRows.push({
        user_id: uid.get(r.address), worker_id: wid, at: r.at, difficulty: r.difficulty, share_difficulty: r.shareDifficulty,
        reject_code: r.rejectCode, is_block: r.isBlock,
      });
    }
    for (let i = 0; i < shareRows.length; i += SHARE_ROWS_PER_INSERT)
      pending.push(tx`INSERT INTO shares ${tx(shareRows.slice(i, i + SHARE_ROWS_PER_INSERT))}`);
    const poolHours = new Map<number, Bucket>();
    for (const [minute, m] of b.pool) {
      run(Q.poolMinuteUpsert, [minute, ...bucketArgs(m)]);
      addHour(poolHours, Math.floor(minute / 60), m);
    }
    for (const [hour, h] of poolHours) run(Q.poolHourUpsert, [hour, ...bucketArgs(h)]);
    for (const d of b.daily.values())
      run(Q.dailyUpsert, [uid.get(d.address), d.day, d.accepted + d.rejected, d.accepted, d.rejected, d.bestDiff, d.sumDiff, d.workersActive]);
    for (const p of b.bests.values()) run(Q.bestUpsert, [uid.get(p.address), p.period, p.periodStart, p.best, p.at, p.worker]);
    for (const w of b.weekly.values()) run(Q.weeklyUpsert, [uid.get(w.address), w.weekStart, w.best, w.bestAt, w.worker, w.accepted, w.sumDiff]);
    await Promise.all(pending);

    // 4. Blocks, then the chain's word on them (a status may be for a block of this batch).
    for (const e of b.blocks)
      await tx.unsafe(Q.blockInsert, [
        e.height, e.hash, uid.get(e.address), e.worker, e.address, Math.trunc(e.rewardSats), e.networkDifficulty, e.shareDifficulty,
        e.accepted ? "accepted" : "rejected", e.reason, e.timestamp,
      ]);
    for (const n of b.network) await tx.unsafe(Q.networkUpsert, [n.height, n.hash, n.difficulty, n.timestamp]);
    for (const u of b.blockStatus) await tx.unsafe(Q.blockStatus, [u.status, u.confirmations, u.hash]);
  }

  /** Deletes raw shares older than `shareCutoff` and minute rollups older than `minuteCutoff`, one chunk each. */
  async prune(shareCutoff: number, minuteCutoff: number): Promise<{ shares: number; minutes: number }> {
    const sql = this.sql;
    // Ids grow with time, so the expired shares are an id prefix (as in ./mining.ts).
    const [young] = await sql.unsafe(
      `SELECT id FROM (SELECT id, at FROM shares ORDER BY id LIMIT $1) s WHERE at >= $2 ORDER BY id LIMIT 1`,
      [RETENTION_CHUNK + 1, shareCutoff],
    );
    const maxOld = young
      ? Number(young.id) - 1
      : Number((await sql.unsafe(`SELECT max(id) AS id FROM (SELECT id FROM shares ORDER BY id LIMIT $1) s`, [RETENTION_CHUNK]))[0]?.id ?? 0);
    const shares = maxOld > 0 ? (await sql.unsafe(`DELETE FROM shares WHERE id <= $1`, [maxOld])).count : 0;
    const minute = Math.floor(minuteCutoff / 60_000);
    const minutes =
      (
        await sql.unsafe(
          `DELETE FROM share_minutes WHERE (worker_id, minute) IN (SELECT worker_id, minute FROM share_minutes WHERE minute < $1 LIMIT $2)`,
          [minute, RETENTION_CHUNK],
        )
      ).count + (await sql.unsafe(`DELETE FROM pool_minutes WHERE minute < $1`, [minute])).count;
    return { shares, minutes };
  }
}

/** At start-up no session exists yet: every worker is offline until it connects again. */
export async function markAllOfflinePg(sql: SQL, at: number): Promise<void> {
  await sql.unsafe(`UPDATE workers SET is_online = false, disconnected_at = coalesce(disconnected_at, $1) WHERE is_online`, [at]);
}

/** When the pool last found a block the node took (0 if never). */
export async function lastPoolBlockAtPg(sql: SQL): Promise<number> {
  const [row] = await sql.unsafe(`SELECT max(found_at) AS at FROM blocks WHERE status IN ('accepted', 'confirmed')`);
  return row?.at == null ? 0 : Number(row.at);
}

function addHour(hours: Map<number, Bucket>, hour: number, m: Bucket): void {
  const h = hours.get(hour);
  if (h === undefined) {
    hours.set(hour, { ...m });
    return;
  }
  h.accepted += m.accepted;
  h.rejected += m.rejected;
  h.sumDiff += m.sumDiff;
  if (m.bestDiff > h.bestDiff) h.bestDiff = m.bestDiff;
}
