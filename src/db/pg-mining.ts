// PostgreSQL twin of ./mining.ts: writes the mining aggregator's batches with the same
// semantics (one batch = one transaction; additive rollups by upsert, so a batch never reads
// before it writes; ids cached and forgotten when a batch rolls back). Differences from the
// SQLite SQL: GREATEST instead of two-argument max(), $n placeholders, real booleans, the target
// row named through an alias inside ON CONFLICT, and no rowid (retention deletes by key).
//
// A batch is a dozen statements whatever its size: each table's rows go in together (see Q).
import type { SQL, TransactionSQL } from "bun";
import { addHour, type Batch, type Bucket } from "./mining-batch.ts";
import { RETENTION_CHUNK, type WriteResult } from "./mining.ts";

type Tx = TransactionSQL;

const BUCKET_UPSERT = (t: string) => `accepted = ${t}.accepted + excluded.accepted, rejected = ${t}.rejected + excluded.rejected,
  sum_diff = ${t}.sum_diff + excluded.sum_diff, best_diff = GREATEST(${t}.best_diff, excluded.best_diff)`;
const BUCKET_TYPES = `accepted int8, rejected int8, sum_diff float8, best_diff float8`;

/**
 * Each statement takes all of a batch's rows for its table as one JSON array parameter, read
 * back with json_to_recordset: a batch is a dozen statements whatever its size, and one
 * parameter never meets PostgreSQL's limit of 65,535. JSON carries doubles exactly (the
 * shortest text that reads back as the same double). Keys within one statement are distinct
 * (the aggregator keys its maps by them), as ON CONFLICT DO UPDATE requires.
 */
const Q = {
  usersInsert: `INSERT INTO users (btc_address, auth_method) SELECT a, 'miner' FROM json_array_elements_text($1::text::json) AS a
    ON CONFLICT (btc_address) DO NOTHING`,
  userIds: `SELECT id, btc_address AS address FROM users WHERE btc_address IN (SELECT json_array_elements_text($1::text::json))`,
  workers: `INSERT INTO workers AS w (user_id, name, user_agent, ip, is_online, current_diff, best_diff, best_diff_at,
      shares_accepted, shares_rejected, last_share_at, connected_at, disconnected_at)
    SELECT * FROM json_to_recordset($1::text::json) AS x(user_id int, name text, user_agent text, ip text, is_online bool, current_diff float8,
      best_diff float8, best_diff_at int8, shares_accepted int8, shares_rejected int8, last_share_at int8, connected_at int8, disconnected_at int8)
    ON CONFLICT (user_id, name) DO UPDATE SET
      user_agent = coalesce(excluded.user_agent, w.user_agent), ip = coalesce(excluded.ip, w.ip), is_online = excluded.is_online,
      current_diff = coalesce(excluded.current_diff, w.current_diff),
      best_diff_at = CASE WHEN excluded.best_diff > w.best_diff THEN excluded.best_diff_at ELSE w.best_diff_at END,
      best_diff = GREATEST(w.best_diff, excluded.best_diff),
      shares_accepted = w.shares_accepted + excluded.shares_accepted, shares_rejected = w.shares_rejected + excluded.shares_rejected,
      last_share_at = GREATEST(coalesce(w.last_share_at, 0), coalesce(excluded.last_share_at, 0)),
      connected_at = coalesce(excluded.connected_at, w.connected_at), disconnected_at = coalesce(excluded.disconnected_at, w.disconnected_at)
    RETURNING id, user_id, name`,
  minutes: `INSERT INTO share_minutes AS t (worker_id, minute, accepted, rejected, sum_diff, best_diff, rejected_stale, rejected_duplicate, rejected_low_diff, rejected_other)
    SELECT * FROM json_to_recordset($1::text::json) AS x(worker_id int, minute int, ${BUCKET_TYPES},
      rejected_stale int, rejected_duplicate int, rejected_low_diff int, rejected_other int)
    ON CONFLICT (worker_id, minute) DO UPDATE SET ${BUCKET_UPSERT("t")},
      rejected_stale = t.rejected_stale + excluded.rejected_stale, rejected_duplicate = t.rejected_duplicate + excluded.rejected_duplicate,
      rejected_low_diff = t.rejected_low_diff + excluded.rejected_low_diff, rejected_other = t.rejected_other + excluded.rejected_other`,
  hours: `INSERT INTO share_hours AS t (worker_id, hour, accepted, rejected, sum_diff, best_diff)
    SELECT * FROM json_to_recordset($1::text::json) AS x(worker_id int, hour int, ${BUCKET_TYPES})
    ON CONFLICT (worker_id, hour) DO UPDATE SET ${BUCKET_UPSERT("t")}`,
  shares: `INSERT INTO shares (user_id, worker_id, at, difficulty, share_difficulty, reject_code, is_block)
    SELECT * FROM json_to_recordset($1::text::json) AS x(user_id int, worker_id int, at int8, difficulty float8, share_difficulty float8, reject_code int, is_block bool)`,
  poolMinutes: `INSERT INTO pool_minutes AS t (minute, accepted, rejected, sum_diff, best_diff)
    SELECT * FROM json_to_recordset($1::text::json) AS x(minute int, ${BUCKET_TYPES}) ON CONFLICT (minute) DO UPDATE SET ${BUCKET_UPSERT("t")}`,
  poolHours: `INSERT INTO pool_hours AS t (hour, accepted, rejected, sum_diff, best_diff)
    SELECT * FROM json_to_recordset($1::text::json) AS x(hour int, ${BUCKET_TYPES}) ON CONFLICT (hour) DO UPDATE SET ${BUCKET_UPSERT("t")}`,
  daily: `INSERT INTO user_daily_stats AS t (user_id, day, total_shares, accepted_shares, rejected_shares, best_diff, sum_diff, workers_active)
    SELECT * FROM json_to_recordset($1::text::json) AS x(user_id int, day text, total_shares int8, accepted_shares int8, rejected_shares int8,
      best_diff float8, sum_diff float8, workers_active int)
    ON CONFLICT (user_id, day) DO UPDATE SET
      total_shares = t.total_shares + excluded.total_shares, accepted_shares = t.accepted_shares + excluded.accepted_shares,
      rejected_shares = t.rejected_shares + excluded.rejected_shares, best_diff = GREATEST(t.best_diff, excluded.best_diff),
      sum_diff = t.sum_diff + excluded.sum_diff, workers_active = GREATEST(t.workers_active, excluded.workers_active)`,
  bests: `INSERT INTO personal_bests AS t (user_id, period, period_start, best_difficulty, achieved_at, worker_name)
    SELECT * FROM json_to_recordset($1::text::json) AS x(user_id int, period text, period_start int8, best_difficulty float8, achieved_at int8, worker_name text)
    ON CONFLICT (user_id, period) DO UPDATE SET
      period_start = excluded.period_start, best_difficulty = excluded.best_difficulty,
      achieved_at = excluded.achieved_at, worker_name = excluded.worker_name
    WHERE excluded.period_start > t.period_start OR (excluded.period_start = t.period_start AND excluded.best_difficulty > t.best_difficulty)`,
  weekly: `INSERT INTO weekly_best_diff AS t (user_id, week_start, best_difficulty, best_at, worker_name, total_shares, sum_diff)
    SELECT * FROM json_to_recordset($1::text::json) AS x(user_id int, week_start int8, best_difficulty float8, best_at int8, worker_name text,
      total_shares int8, sum_diff float8)
    ON CONFLICT (user_id, week_start) DO UPDATE SET
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

const bucket = (b: Bucket) => ({ accepted: b.accepted, rejected: b.rejected, sum_diff: b.sumDiff, best_diff: b.bestDiff });

/** Writes batches into one PostgreSQL database; caches the ids it resolved. */
export class PgMiningWriter {
  private readonly userIds = new Map<string, number>();
  private readonly workerIds = new Map<string, number>();

  constructor(private readonly sql: SQL) {}

  /** The users rows of payout addresses, created (auth_method 'miner') on first sight. */
  private async userIdsOf(tx: Tx, addresses: Iterable<string>): Promise<Map<string, number>> {
    const ids = new Map<string, number>();
    const unknown: string[] = [];
    for (const a of addresses) {
      const id = this.userIds.get(a);
      if (id === undefined) unknown.push(a);
      else ids.set(a, id);
    }
    if (unknown.length) {
      const list = JSON.stringify(unknown);
      await tx.unsafe(Q.usersInsert, [list]);
      for (const r of (await tx.unsafe(Q.userIds, [list])) as { id: number; address: string }[]) {
        this.userIds.set(r.address, r.id);
        ids.set(r.address, r.id);
      }
    }
    return ids;
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
    const bulk = (q: string, rows: unknown[]) => (rows.length ? tx.unsafe(q, [JSON.stringify(rows)]) : Promise.resolve([]));
    const addresses = new Set<string>();
    for (const d of b.workers.values()) addresses.add(d.address);
    for (const r of b.shares) addresses.add(r.address);
    for (const d of b.daily.values()) addresses.add(d.address);
    for (const p of b.bests.values()) addresses.add(p.address);
    for (const w of b.weekly.values()) addresses.add(w.address);
    for (const e of b.blocks) addresses.add(e.address);
    const uid = await this.userIdsOf(tx, addresses);

    const workerRows = [...b.workers.values()].map((d) => ({
      user_id: uid.get(d.address), name: d.worker, user_agent: d.userAgent, ip: d.ip, is_online: d.online, current_diff: d.currentDiff,
      best_diff: d.bestDiff, best_diff_at: d.bestDiffAt, shares_accepted: d.accepted, shares_rejected: d.rejected,
      last_share_at: d.lastShareAt, connected_at: d.connectedAt, disconnected_at: d.disconnectedAt,
    }));
    const byUserName = new Map<string, number>();
    for (const r of (await bulk(Q.workers, workerRows)) as { id: number; user_id: number; name: string }[]) byUserName.set(`${r.user_id}\n${r.name}`, r.id);
    const touched = new Map<string, number>();
    for (const [key, d] of b.workers) {
      const id = byUserName.get(`${uid.get(d.address)}\n${d.worker}`)!;
      this.workerIds.set(key, id);
      touched.set(key, id);
    }

    const minuteRows: unknown[] = [];
    const hourRows: unknown[] = [];
    for (const [key, d] of b.workers) {
      const wid = touched.get(key)!;
      const hours = new Map<number, Bucket>();
      for (const [minute, m] of d.minutes) {
        minuteRows.push({ worker_id: wid, minute, ...bucket(m), rejected_stale: m.stale, rejected_duplicate: m.duplicate, rejected_low_diff: m.lowDiff, rejected_other: m.other });
        addHour(hours, Math.floor(minute / 60), m);
      }
      for (const [hour, h] of hours) hourRows.push({ worker_id: wid, hour, ...bucket(h) });
    }
    const shareRows: unknown[] = [];
    for (const r of b.shares) {
      const key = `${r.address}\n${r.worker}`;
      const wid = touched.get(key) ?? this.workerIds.get(key);
      if (wid === undefined) continue; // every share's worker is in the same batch; defensive only
      shareRows.push({ user_id: uid.get(r.address), worker_id: wid, at: r.at, difficulty: r.difficulty, share_difficulty: r.shareDifficulty, reject_code: r.rejectCode, is_block: r.isBlock });
    }
    const poolHours = new Map<number, Bucket>();
    const poolMinuteRows: unknown[] = [];
    for (const [minute, m] of b.pool) {
      poolMinuteRows.push({ minute, ...bucket(m) });
      addHour(poolHours, Math.floor(minute / 60), m);
    }
    // Distinct tables: sent together, pipelined on the transaction's connection.
    await Promise.all([
      bulk(Q.minutes, minuteRows),
      bulk(Q.hours, hourRows),
      bulk(Q.shares, shareRows),
      bulk(Q.poolMinutes, poolMinuteRows),
      bulk(Q.poolHours, [...poolHours].map(([hour, h]) => ({ hour, ...bucket(h) }))),
      bulk(Q.daily, [...b.daily.values()].map((d) => ({
        user_id: uid.get(d.address), day: d.day, total_shares: d.accepted + d.rejected, accepted_shares: d.accepted, rejected_shares: d.rejected,
        best_diff: d.bestDiff, sum_diff: d.sumDiff, workers_active: d.workersActive,
      }))),
      bulk(Q.bests, [...b.bests.values()].map((p) => ({
        user_id: uid.get(p.address), period: p.period, period_start: p.periodStart, best_difficulty: p.best, achieved_at: p.at, worker_name: p.worker,
      }))),
      bulk(Q.weekly, [...b.weekly.values()].map((w) => ({
        user_id: uid.get(w.address), week_start: w.weekStart, best_difficulty: w.best, best_at: w.bestAt, worker_name: w.worker,
        total_shares: w.accepted, sum_diff: w.sumDiff,
      }))),
    ]);

    // Blocks (rare), then the chain's word on them: a status may be for a block of this batch.
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
