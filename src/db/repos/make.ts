// Assembles the repositories over one Conn; both engines go through here.
import type { Repos } from "../repos.ts";
import { authRepo } from "./auth.ts";
import { botRepo } from "./bot.ts";
import type { Conn } from "./conn.ts";
import { gameRepo } from "./game.ts";
import { instancesRepo } from "./instances.ts";
import { usersRepo } from "./users.ts";

export function makeRepos(engine: Repos["engine"], c: Conn): Repos {
  return {
    engine,
    users: usersRepo(c),
    auth: authRepo(c),
    instances: instancesRepo(c),
    game: gameRepo(c),
    bot: botRepo(c),
    transaction: (fn) => c.tx((inner) => fn(makeRepos(engine, inner))),
  };
}
