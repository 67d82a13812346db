// Characters: buying, upgrading and equipping. Each purchase or level is a ledger entry (one
// idempotency key per character or level bought) committed with its effect in one transaction;
// wallet pushes go out only after the commit.
import { AppError, conflict } from "../core/errors.ts";
import type { Clock } from "../core/time.ts";
import type { Repos, UserCharacterRow } from "../db/repos.ts";
import { periodKeys } from "./activity.ts";
import { CHARACTER_BY_SLUG, MAX_LEVEL, powerAt, upgradeCost, type CharacterTemplate } from "./characters.ts";
import { apply, type WalletChanged } from "./ledger.ts";

export interface OwnedCharacter {
  row: UserCharacterRow;
  template: CharacterTemplate;
  power: number;
  nextCost: number | null;
}

export interface CharacterShop {
  characters(userId: number): Promise<OwnedCharacter[]>;
  purchase(userId: number, slug: string): Promise<OwnedCharacter>;
  upgrade(userId: number, characterId: number, levels: number): Promise<OwnedCharacter>;
  equip(userId: number, characterId: number): Promise<OwnedCharacter>;
}

/** Runs the queued announcements once `p` committed (nothing is announced for a rolled-back transaction). */
async function afterCommit<T>(after: (() => void)[], p: Promise<T>): Promise<T> {
  const v = await p;
  for (const f of after) f();
  return v;
}

export function createCharacterShop(deps: { repos: Repos; now: Clock; walletChanged: WalletChanged }): CharacterShop {
  const { repos, now, walletChanged } = deps;
  const owned = (row: UserCharacterRow): OwnedCharacter => {
    const template = CHARACTER_BY_SLUG.get(row.template);
    if (!template) throw new AppError("INTERNAL", `unknown character template ${row.template}`);
    return { row, template, power: powerAt(template, row.level), nextCost: row.level < MAX_LEVEL ? upgradeCost(template, row.level) : null };
  };

  /** Raises the player's best total character power (the POWER leaderboard) after a purchase or upgrade. */
  const notePower = async (tx: Repos, userId: number, at: number) => {
    const power = (await tx.tokens.listCharacters(userId)).reduce((sum, c) => sum + (CHARACTER_BY_SLUG.has(c.template) ? powerAt(CHARACTER_BY_SLUG.get(c.template)!, c.level) : 0), 0);
    await tx.tokens.bumpActivity(userId, periodKeys(at), {}, { power }, at);
  };

  return {
    characters: async (userId) => (await repos.tokens.listCharacters(userId)).map(owned),

    async purchase(userId, slug) {
      const tpl = CHARACTER_BY_SLUG.get(slug);
      if (!tpl) throw new AppError("NOT_FOUND", `No character "${slug}"`, { reason: "CHARACTER_NOT_FOUND" });
      const at = now();
      const after: (() => void)[] = [];
      return afterCommit(after, repos.transaction(async (tx) => {
        const mine = await tx.tokens.listCharacters(userId);
        if (mine.some((c) => c.template === slug)) throw conflict(`You already own ${tpl.name}`, "CHARACTER_OWNED");
        const r = await apply(tx, { userId, type: "CHARACTER_PURCHASE", amount: -tpl.price, idemKey: `char:${slug}`, description: `Bought ${tpl.name}`, metadata: { template: slug }, at });
        if (!r.applied) throw conflict(`You already own ${tpl.name}`, "CHARACTER_OWNED");
        after.push(() => walletChanged(userId, r, -tpl.price, "CHARACTER_PURCHASE", at));
        const row = await tx.tokens.insertCharacter({ userId, template: slug, level: 1, isEquipped: false, acquiredAt: at });
        if (!row) throw conflict(`You already own ${tpl.name}`, "CHARACTER_OWNED");
        // The first character is equipped at once: a purchase should change the next tap.
        await notePower(tx, userId, at);
        if (!mine.some((c) => c.isEquipped)) {
          await tx.tokens.equipCharacter(userId, row.id);
          return owned({ ...row, isEquipped: true });
        }
        return owned(row);
      }));
    },

    async upgrade(userId, characterId, levels) {
      const at = now();
      const after: (() => void)[] = [];
      return afterCommit(after, repos.transaction(async (tx) => {
        const row = (await tx.tokens.listCharacters(userId)).find((c) => c.id === characterId);
        if (!row) throw new AppError("NOT_FOUND", "You do not own this character", { reason: "CHARACTER_NOT_FOUND" });
        const tpl = owned(row).template;
        if (row.level + levels > MAX_LEVEL) throw new AppError("VALIDATION", `${tpl.name} is level ${row.level}; the maximum is ${MAX_LEVEL}`, { reason: "MAX_LEVEL" });
        let level = row.level;
        for (let i = 0; i < levels; i++, level++) {
          const cost = upgradeCost(tpl, level);
          // The key names the level bought: a retried upgrade never charges the same level twice.
          const r = await apply(tx, { userId, type: "CHARACTER_UPGRADE", amount: -cost, idemKey: `up:${row.id}:${level + 1}`, description: `${tpl.name} to level ${level + 1}`, metadata: { character_id: row.id, level: level + 1 }, at });
          if (!r.applied) throw conflict("This upgrade was already bought", "ALREADY_UPGRADED");
          after.push(() => walletChanged(userId, r, -cost, "CHARACTER_UPGRADE", at));
          await tx.tokens.insertUpgrade({ userCharacterId: row.id, upgradeType: "LEVEL", previousValue: level, newValue: level + 1, cost, createdAt: at });
        }
        await tx.tokens.setCharacterLevel(row.id, level);
        await notePower(tx, userId, at);
        return owned({ ...row, level });
      }));
    },

    async equip(userId, characterId) {
      return repos.transaction(async (tx) => {
        const row = (await tx.tokens.listCharacters(userId)).find((c) => c.id === characterId);
        if (!row) throw new AppError("NOT_FOUND", "You do not own this character", { reason: "CHARACTER_NOT_FOUND" });
        await tx.tokens.equipCharacter(userId, characterId);
        return owned({ ...row, isEquipped: true });
      });
    },
  };
}
