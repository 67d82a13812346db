// What the pool needs from storage at start: every worker's best share, so "New best share"
// messages to miners continue from the stored record instead of starting again from zero.
import type { Db } from "./client.ts";

export interface StoredWorkerBest {
  address: string;
  worker: string;
  best: number;
}

/** Workers with a best share above zero, keyed the way the pool names them (address, worker). */
export function storedWorkerBests(db: Db): StoredWorkerBest[] {
  return db.sqlite
    .query(
      `SELECT u.btc_address AS address, w.name AS worker, w.best_diff AS best
       FROM workers w JOIN users u ON u.id = w.user_id
       WHERE w.best_diff > 0 AND u.btc_address IS NOT NULL`,
    )
    .all() as StoredWorkerBest[];
}
