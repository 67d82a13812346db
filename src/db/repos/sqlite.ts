// The repositories on SQLite. One connection serves the whole process and its queries run
// synchronously, but the repositories are async: between two awaits of one caller, another
// caller's query could run, and inside an open transaction it would silently become part of it
// (and be rolled back with it). So every repository call takes a turn on one queue, and a
// transaction holds its turn from BEGIN to COMMIT. Calls made while holding the turn (the
// repositories a transaction hands out, or nested calls) run at once instead of queueing
// behind themselves.
import { AsyncLocalStorage } from "node:async_hooks";
import { sql, type AnyColumn } from "drizzle-orm";
import type { Db } from "../client.ts";
import type { Repos } from "../repos.ts";
import * as lite from "../schema/index.ts";
import type { Conn, Dialect, QueryOrm, Tables } from "./conn.ts";
import { makeRepos } from "./make.ts";

const dialect: Dialect = {
  // SQLite's LIKE already ignores ASCII case.
  containsIgnoringCase: (column: AnyColumn, pattern: string) => sql`${column} LIKE ${pattern} ESCAPE '\\'`,
};

class Turns {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly holder = new AsyncLocalStorage<Turns>();

  run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.holder.getStore() === this) return fn();
    const mine = this.tail.then(() => this.holder.run(this, fn));
    this.tail = mine.catch(() => {});
    return mine;
  }
}

/** One queue per connection, however many times repositories are made over it. */
const queues = new WeakMap<Db["sqlite"], { turns: Turns; depth: number }>();

export function sqliteRepos(db: Db): Repos {
  let state = queues.get(db.sqlite);
  if (!state) queues.set(db.sqlite, (state = { turns: new Turns(), depth: 0 }));
  const { turns } = state;
  const s = state;
  const orm = db.orm as unknown as QueryOrm;
  const c: Conn = {
    orm,
    t: lite as unknown as Tables,
    dialect,
    tx: (fn) =>
      turns.run(async () => {
        // IMMEDIATE takes the write lock at BEGIN, so a transaction that reads before it writes
        // cannot fail half-way against the mining writer's connection.
        // query() caches each statement's compiled form (run() would compile it every time).
        const level = s.depth++;
        const sp = `tbg_sp_${level}`;
        db.sqlite.query(level === 0 ? "BEGIN IMMEDIATE" : `SAVEPOINT ${sp}`).run();
        try {
          const result = await fn(c);
          db.sqlite.query(level === 0 ? "COMMIT" : `RELEASE ${sp}`).run();
          return result;
        } catch (err) {
          if (level === 0) db.sqlite.query("ROLLBACK").run();
          else {
            db.sqlite.query(`ROLLBACK TO ${sp}`).run();
            db.sqlite.query(`RELEASE ${sp}`).run();
          }
          throw err;
        } finally {
          s.depth--;
        }
      }),
  };
  const repos = makeRepos("sqlite", c);
  return {
    engine: repos.engine,
    users: queued(repos.users, turns),
    auth: queued(repos.auth, turns),
    instances: queued(repos.instances, turns),
    game: queued(repos.game, turns),
    learn: queued(repos.learn, turns),
    social: queued(repos.social, turns),
    compete: queued(repos.compete, turns),
    tokens: queued(repos.tokens, turns),
    ranks: queued(repos.ranks, turns),
    bot: queued(repos.bot, turns),
    leagues: queued(repos.leagues, turns),
    transaction: repos.transaction,
  };
}

/** The same repository with every call taking its turn. */
function queued<T extends object>(repo: T, turns: Turns): T {
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(repo)) out[name] = (...args: unknown[]) => turns.run(() => (fn as (...a: unknown[]) => Promise<unknown>)(...args));
  return out as T;
}
