// New players of a chunk of game steps. A user without a game state has no ledger rows and no
// badges either (every such write comes with their state row, in the same transaction), so their
// step's writes cannot meet anything stored: they are collected and written with one statement
// per table at the end of the chunk's transaction instead of one per row. This is what makes a
// batch of a thousand never-seen miners (a pool's first minutes, a restart of many rigs) cheap.
import type { GameRepo, NewXp, Repos, UserBadgeRow, UserGamificationRow } from "../db/repos.ts";

export function collectingRepos(tx: Repos): { repos: Repos; flush(): Promise<void> } {
  const xp = new Map<string, NewXp>();
  const badges = new Map<string, UserBadgeRow>();
  const states = new Map<number, UserGamificationRow>();
  const game: GameRepo = {
    ...tx.game,
    async grantXp(row) {
      const k = `${row.userId}\n${row.source}\n${row.ref}`;
      if (xp.has(k)) return false;
      xp.set(k, row);
      return true;
    },
    async insertBadge(row) {
      const k = `${row.userId}\n${row.slug}`;
      if (badges.has(k)) return false;
      badges.set(k, row);
      return true;
    },
    async putState(row) {
      states.set(row.userId, row);
    },
  };
  return {
    repos: { ...tx, game },
    async flush() {
      await tx.game.grantXpMany([...xp.values()]);
      await tx.game.insertBadges([...badges.values()]);
      await tx.game.putStates([...states.values()]);
    },
  };
}
