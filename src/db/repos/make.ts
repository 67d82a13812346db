// Assembles the repositories over one Conn; both engines go through here.
import type { Repos } from "../repos.ts";
import { authRepo } from "./auth.ts";
import { botRepo } from "./bot.ts";
import { leaguesRepo } from "./leagues.ts";
import type { Conn } from "./conn.ts";
import { gameRepo } from "./game.ts";
import { learnRepo } from "./learn.ts";
import { socialRepo } from "./social.ts";
import { competeRepo } from "./compete.ts";
import { ranksRepo } from "./ranks.ts";
import { instancesRepo } from "./instances.ts";
import { tokensRepo } from "./tokens.ts";
import { usersRepo } from "./users.ts";

// One set per Conn: SQLite hands the same Conn to every transaction, and building a dozen
// repositories per transaction was a visible part of a tap batch (bench/tokens.ts).
const made = new WeakMap<Conn, Repos>();

export function makeRepos(engine: Repos["engine"], c: Conn): Repos {
  let r = made.get(c);
  if (!r) made.set(c, (r = build(engine, c)));
  return r;
}

function build(engine: Repos["engine"], c: Conn): Repos {
  return {
    engine,
    users: usersRepo(c),
    auth: authRepo(c),
    instances: instancesRepo(c),
    game: gameRepo(c),
    learn: learnRepo(c),
    social: socialRepo(c),
    compete: competeRepo(c),
    tokens: tokensRepo(c),
    ranks: ranksRepo(c),
    bot: botRepo(c),
    leagues: leaguesRepo(c),
    transaction: (fn) => c.tx((inner) => fn(makeRepos(engine, inner))),
  };
}
