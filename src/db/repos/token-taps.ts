// TokenTapsRepo, written once for both engines: the statements of a group of tap batches
// (src/tokens/tap-group.ts). Each runs once for the whole group with the rows (or ids) passed
// as ONE JSON parameter, so its text is the same for any group: SQLite compiles each once per
// connection (compiling these long statements cost more than running them; a fresh compile per
// group made a group of ten cost ~3 ms), PostgreSQL's driver caches them by text.
import type { Database } from "bun:sqlite";
import { and, asc, eq, getTableColumns, getTableName, sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { ActivityCounter, TapStateRow, TokenActivityRow, TokenTapsRepo } from "../repos.ts";
import type { Conn } from "./conn.ts";
import { inIds, insertJsonRows, isPg } from "./game-rows.ts";
import { hot, type Ph } from "./hot.ts";

const COUNTERS: ActivityCounter[] = ["taps", "mined", "shares", "referrals", "upgrades", "purchases", "dailies", "earned"];
const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

export function tokenTapsRepo(c: Conn): TokenTapsRepo {
  const { orm, t } = c;
  const { tapState, userCharacters, wallets, transactions, tokenActivity } = t;
  const pg = isPg(orm);
  const stateKeys = Object.keys(getTableColumns(tapState));
  // Database column name → row key, to read RETURNING rows (they come back by column name).
  const activityCols = Object.entries(getTableColumns(tokenActivity) as Record<string, { name: string }>).map(([k, col]) => [k, col.name] as const);

  /**
   * INSERT … SELECT from the JSON rows (game-rows.ts insertJsonRows), the statement text built
   * once; on SQLite run through the connection's statement cache (query() keeps it compiled).
   */
  const jsonWriter = (table: PgTable, keys: string[], onConflict: (col: (key: string) => string) => string, returning: string[] = []) => {
    if (pg) return (rows: Record<string, unknown>[]) => insertJsonRows(orm, table, keys, rows, onConflict, returning);
    const cols = getTableColumns(table) as Record<string, { name: string; getSQLType(): string }>;
    const col = (k: string) => q(cols[k]!.name);
    const text =
      `INSERT INTO ${q(getTableName(table))} (${keys.map(col).join(", ")}) SELECT ${keys.map((k, i) => `CAST(value->>${i} AS ${cols[k]!.getSQLType()})`).join(", ")} FROM json_each(?) ` +
      `WHERE true ${onConflict(col)}${returning.length > 0 ? ` RETURNING ${returning.map(q).join(", ")}` : ""}`;
    const client = (orm as unknown as { $client: Database }).$client;
    return async (rows: Record<string, unknown>[]) =>
      rows.length === 0 ? [] : (client.query(text).all(JSON.stringify(rows.map((r) => keys.map((k) => r[k] ?? null)))) as Record<string, unknown>[]);
  };

  /** `column IN ids` (one JSON parameter on SQLite, so the prepared statement fits any group). */
  const inGroup = (column: AnyColumn, v: Ph): SQL => (pg ? inIds(orm, column, v("ids")) : sql`${column} IN (SELECT value FROM json_each(${v("j")}))`);
  const idValues = (ids: number[]) => ({ ids, j: JSON.stringify(ids) });

  /** Tap states of `ids`, locked on PostgreSQL in user order (SQLite's write transaction already excludes everyone). */
  const readStates = (ids: number[]) =>
    hot<TapStateRow[]>(orm, "taps.states", idValues(ids), (v) => {
      const qy = orm.select().from(tapState).where(inGroup(tapState.userId, v)).orderBy(asc(tapState.userId));
      return pg ? qy.for("update") : qy;
    });

  const insertStates = jsonWriter(tapState, stateKeys, () => "ON CONFLICT DO NOTHING");
  const upsertStates = jsonWriter(tapState, stateKeys, (col) =>
    `ON CONFLICT (${col("userId")}) DO UPDATE SET ${stateKeys.filter((k) => k !== "userId").map((k) => `${col(k)} = excluded.${col(k)}`).join(", ")}`,
  );
  const entryKeys = ["userId", "type", "amount", "idemKey", "description", "metadata", "createdAt", "balanceAfter"];
  const insertTx = jsonWriter(transactions, entryKeys, () => "ON CONFLICT DO NOTHING", ["id", "user_id", "idem_key"]);
  const credit = jsonWriter(
    wallets,
    ["userId", "balance", "totalEarned", "createdAt", "updatedAt"],
    // The wallets_balance_nonneg CHECK still guards the sum (credits cannot break it).
    (col) =>
      `ON CONFLICT (${col("userId")}) DO UPDATE SET ${col("balance")} = "wallets".${col("balance")} + excluded.${col("balance")}, ` +
      `${col("totalEarned")} = "wallets".${col("totalEarned")} + excluded.${col("totalEarned")}, ${col("updatedAt")} = excluded.${col("updatedAt")}`,
    ["user_id", "balance"],
  );
  const bumps = new Map<string, ReturnType<typeof jsonWriter>>();
  const bumper = (used: ActivityCounter[]) => {
    const key = used.join(",");
    let w = bumps.get(key);
    if (!w)
      bumps.set(
        key,
        (w = jsonWriter(
          tokenActivity,
          ["userId", "period", "updatedAt", ...used],
          (col) =>
            `ON CONFLICT (${col("userId")}, ${col("period")}) DO UPDATE SET ${col("updatedAt")} = excluded.${col("updatedAt")}` +
            used.map((k) => `, ${col(k)} = "token_activity".${col(k)} + excluded.${col(k)}`).join(""),
          activityCols.map(([, name]) => name),
        )),
      );
    return w;
  };

  return {
    async lockTapStates(fresh) {
      if (fresh.length === 0) return [];
      const found = await readStates(fresh.map((r) => r.userId));
      if (found.length === fresh.length) return found;
      // New players: their rows are created (a racing creator wins harmlessly), then read and locked.
      const have = new Set(found.map((r) => r.userId));
      const missing = fresh.filter((r) => !have.has(r.userId));
      await insertStates(missing as unknown as Record<string, unknown>[]);
      return [...found, ...(await readStates(missing.map((r) => r.userId)))];
    },

    equippedCharacters: (userIds) =>
      userIds.length === 0
        ? Promise.resolve([])
        : hot(orm, "taps.equipped", idValues(userIds), (v) => orm.select().from(userCharacters).where(and(inGroup(userCharacters.userId, v), eq(userCharacters.isEquipped, true)))),

    async lockWallets(userIds) {
      if (userIds.length === 0) return new Map();
      const rows = await hot<{ userId: number; balance: number }[]>(orm, "taps.wallets", idValues(userIds), (v) => {
        const qy = orm.select({ userId: wallets.userId, balance: wallets.balance }).from(wallets).where(inGroup(wallets.userId, v)).orderBy(asc(wallets.userId));
        return pg ? qy.for("update") : qy;
      });
      return new Map(rows.map((r) => [r.userId, Number(r.balance)]));
    },

    async insertEntries(rows) {
      const back = await insertTx(rows as unknown as Record<string, unknown>[]);
      return back.map((r) => ({ id: Number(r.id), userId: Number(r.user_id), idemKey: String(r.idem_key) }));
    },

    async creditWallets(rows) {
      if (rows.some((r) => !(r.amount > 0))) throw new Error("creditWallets takes credits only");
      const back = await credit(rows.map((r) => ({ userId: r.userId, balance: r.amount, totalEarned: r.amount, createdAt: r.at, updatedAt: r.at })));
      return new Map(back.map((r) => [Number(r.user_id), Number(r.balance)]));
    },

    async putTapStates(rows) {
      await upsertStates(rows as unknown as Record<string, unknown>[]);
    },

    async bumpActivityMany(rows) {
      if (rows.length === 0) return [];
      const used = COUNTERS.filter((k) => rows.some((r) => r.add[k]));
      const flat = rows.map((r) => ({ userId: r.userId, period: r.period, updatedAt: r.at, ...Object.fromEntries(used.map((k) => [k, r.add[k] ?? 0])) }));
      const back = await bumper(used)(flat);
      return back.map((r) => {
        const row: Record<string, unknown> = {};
        for (const [k, name] of activityCols) row[k] = k === "period" ? String(r[name]) : Number(r[name]);
        return row as unknown as TokenActivityRow;
      });
    },
  };
}
