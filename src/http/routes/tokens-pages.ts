// The token pages inside Play: Tap, Daily, Characters, Wallet. Server-rendered from the tokens
// service; the forms post back here and get their card re-rendered (htmx), the tap screen talks
// to the JSON API from static/app.js.
import { Elysia, t } from "elysia";
import type { Guards } from "../../auth/guards.ts";
import { CHARACTERS } from "../../tokens/characters.ts";
import { rewardFor, multiplierBp, STREAK_MULTIPLIERS } from "../../tokens/daily.ts";
import type { Tokens } from "../../tokens/service.ts";
import type { AppDeps } from "../deps.ts";
import { htmlResponse, renderPage } from "../page.ts";
import { caller } from "../plugins/caller.ts";
import { field, messageOf } from "./auth-pages.ts";
import { parseUnits } from "../../core/money.ts";
import { EARLY_PENALTY_BP, interestDue, LOCK_PERIODS, MAX_STAKE, MIN_STAKE, PERIOD_NAMES, penaltyFor, type LockPeriod } from "../../tokens/staking.ts";
import { displayTokens, TOKEN_DECIMALS } from "../../tokens/units.ts";
import { REFEREE_BONUS, REFERRER_BONUS } from "../../tokens/referrals.ts";
import { statusJson } from "./tokens-json.ts";
import { tapPage } from "../../../views/pages/tap.ts";
import { walletPage, type WalletView } from "../../../views/pages/wallet.ts";
import { dailyCard, dailyPage, type DailyView } from "../../../views/pages/daily.ts";
import { charactersList, charactersPage, type CharactersView } from "../../../views/pages/characters.ts";

const PERIOD_LABELS: Record<LockPeriod, string> = { FLEXIBLE: "Flexible", THIRTY_DAYS: "30 days", NINETY_DAYS: "90 days", ONE_EIGHTY_DAYS: "180 days" };

export function tokenPageRoutes(tokens: Tokens, guards: Guards) {
  return (app: AppDeps) => tokenPages(tokens, guards, app);
}

function tokenPages(tokens: Tokens, guards: Guards, app: AppDeps) {
  const dailyView = async (userId: number, extra: Partial<DailyView> = {}): Promise<DailyView> => {
    const s = await tokens.dailyStatus(userId);
    // The row of seven days the current streak is in: claimed days, today (or tomorrow), the rest.
    const first = Math.floor(Math.max(0, (s.canClaim ? s.nextStreak : s.streak) - 1) / 7) * 7 + 1;
    const days = Array.from({ length: 7 }, (_, i) => {
      const day = first + i;
      const done = s.canClaim ? day < s.nextStreak : day <= s.streak;
      return { day, reward: rewardFor(day), state: done ? ("claimed" as const) : day === s.nextStreak ? ("today" as const) : ("later" as const) };
    });
    return {
      streak: s.streak, canClaim: s.canClaim, nextStreak: s.nextStreak, nextReward: s.nextReward, days,
      milestones: STREAK_MULTIPLIERS.map((m) => ({ days: m.days, multiplier: multiplierBp(m.days) / 10_000, reward: rewardFor(m.days) })), ...extra,
    };
  };

  const walletView = async (id: number, request: Request, before: number | undefined, message?: WalletView["message"]): Promise<WalletView> => {
    const limit = 50;
    const [w, rows, zone, stakes, code, friends] = await Promise.all([
      tokens.wallet(id), tokens.transactions(id, { limit: limit + 1, beforeId: before }), app.viewerZone?.(request) ?? null, tokens.staking.list(id),
      tokens.referrals.code(id), tokens.referrals.list(id),
    ]);
    // Telegram's share sheet; the link is the app's public address (the code travels in the text).
    const site = app.config.http.publicUrl ?? new URL(request.url).origin;
    const shareUrl = `https://t.me/share/url?${new URLSearchParams({ url: site, text: `Mine bitcoin solo and tap with me in The Bitcoin Game. Open it with code ref_${code} for ${displayTokens(REFEREE_BONUS)} tokens.` })}`;
    const page = rows.slice(0, limit);
    const at = tokens.now();
    return {
      balance: w.balance, totalEarned: w.totalEarned, totalSpent: w.totalSpent, staked: w.stakedAmount, now: at, zone, message,
      referral: {
        code, startParam: `ref_${code}`, shareUrl, friends: friends.count, earned: friends.earned, nextFriends: friends.next?.friends ?? null, nextBonus: friends.next?.bonus ?? null,
        referrerBonus: REFERRER_BONUS, friendBonus: REFEREE_BONUS,
      },
      rows: page.map((r) => ({ id: r.id, type: r.type, amount: r.amount, balanceAfter: r.balanceAfter, description: r.description, createdAt: r.createdAt })),
      olderCursor: rows.length > limit ? page[page.length - 1]!.id : null,
      staking: {
        periods: PERIOD_NAMES.map((p) => ({ id: p, label: PERIOD_LABELS[p], apy: LOCK_PERIODS[p].apyBp / 10_000, days: LOCK_PERIODS[p].days })),
        min: MIN_STAKE, max: MAX_STAKE, penaltyPct: EARLY_PENALTY_BP / 100,
        stakes: stakes.filter((s) => s.status === "ACTIVE").map((s) => ({ id: s.id, period: PERIOD_LABELS[s.period as LockPeriod] ?? s.period, amount: s.amount, apy: s.apyBp / 10_000, unlockAt: s.unlockAt, paid: s.paid, unpaid: Math.max(0, interestDue(s, at) - s.paid), penaltyNow: penaltyFor(s, at) })),
      },
    };
  };

  const charactersView = async (userId: number, message?: CharactersView["message"]): Promise<CharactersView> => {
    const [mine, w] = await Promise.all([tokens.characters(userId), tokens.wallet(userId)]);
    return {
      balance: w.balance,
      message,
      cards: CHARACTERS.map((c) => {
        const o = mine.find((m) => m.template.slug === c.slug);
        return {
          slug: c.slug, name: c.name, description: c.description, rarity: c.rarity, rate: c.rateBp / 10_000, price: c.price, glyph: c.glyph,
          owned: o ? { id: o.row.id, level: o.row.level, power: o.power, equipped: o.row.isEquipped, nextCost: o.nextCost } : null,
        };
      }),
    };
  };

  const charAction = (verb: "buy" | "upgrade" | "equip") => async ({ me, params }: { me: { user: { id: number } }; params: { slug: string } }) => {
    const id = me.user.id;
    try {
      let text: string;
      if (verb === "buy") text = `${(await tokens.purchase(id, params.slug)).template.name} is yours`;
      else {
        const o = (await tokens.characters(id)).find((c) => c.template.slug === params.slug);
        if (!o) throw new Error("You do not own this character");
        if (verb === "upgrade") text = `${o.template.name} is now level ${(await tokens.upgrade(id, o.row.id, 1)).row.level}`;
        else text = `${(await tokens.equip(id, o.row.id)).template.name} equipped`;
      }
      return htmlResponse(charactersList(await charactersView(id, { ok: true, text })));
    } catch (e) {
      return htmlResponse(charactersList(await charactersView(id, { ok: false, text: messageOf(e) })));
    }
  };
  const slugParams = t.Object({ slug: t.String({ pattern: "^[a-z0-9_]{1,64}$" }) });

  return new Elysia({ name: "token-pages" })
      .use(caller(guards))
      .get(
        "/play/tap",
        async ({ me, request }) => {
          const s = await tokens.status(me.user.id);
          return renderPage(request, { title: "Tap", path: "/play/tap" }, tapPage({ status: statusJson(s), glyph: s.character?.glyph ?? null }));
        },
        { page: "user", detail: { hide: true } },
      )
      .get("/play/wallet", async ({ me, request, query }) => renderPage(request, { title: "Wallet", path: "/play/wallet" }, walletPage(await walletView(me.user.id, request, query.before))), {
        page: "user",
        query: t.Object({ before: t.Optional(t.Integer({ minimum: 1 })) }),
        detail: { hide: true },
      })
      .post(
        "/play/wallet/stake",
        async ({ me, request, body }) => {
          let message: WalletView["message"];
          try {
            const period = field(body, "lock_period", 32) as LockPeriod;
            if (!PERIOD_NAMES.includes(period)) throw new Error("Choose a lock period");
            let units: number;
            try {
              units = Number(parseUnits(field(body, "amount", 32).trim(), TOKEN_DECIMALS));
            } catch {
              throw new Error("Write the amount as a number of tokens, like 150 or 12.5");
            }
            const s = await tokens.staking.stake(me.user.id, units, period);
            message = { ok: true, text: `Staked ${displayTokens(s.amount)} tokens` };
          } catch (e) {
            message = { ok: false, text: messageOf(e) };
          }
          return htmlResponse(walletPage(await walletView(me.user.id, request, undefined, message)));
        },
        { page: "user", detail: { hide: true } },
      )
      .post(
        "/play/wallet/unstake/:id",
        async ({ me, request, params }) => {
          let message: WalletView["message"];
          try {
            const r = await tokens.staking.unstake(me.user.id, params.id);
            message = { ok: true, text: `${displayTokens(r.returned)} tokens back in your balance${r.penalty ? ` (${displayTokens(r.penalty)} early-withdrawal penalty)` : ""}` };
          } catch (e) {
            message = { ok: false, text: messageOf(e) };
          }
          return htmlResponse(walletPage(await walletView(me.user.id, request, undefined, message)));
        },
        { page: "user", params: t.Object({ id: t.Integer({ minimum: 1 }) }), detail: { hide: true } },
      )
      .get("/play/daily", async ({ me, request }) => renderPage(request, { title: "Daily reward", path: "/play/daily" }, dailyPage(await dailyView(me.user.id))), {
        page: "user",
        detail: { hide: true },
      })
      .post(
        "/play/daily/claim",
        async ({ me }) => {
          try {
            const r = await tokens.claimDaily(me.user.id);
            return htmlResponse(dailyCard(await dailyView(me.user.id, { justClaimed: { reward: r.reward, streak: r.streak } })));
          } catch (e) {
            return htmlResponse(dailyCard(await dailyView(me.user.id, { error: messageOf(e) })));
          }
        },
        { page: "user", detail: { hide: true } },
      )
      .get("/play/characters", async ({ me, request }) => renderPage(request, { title: "Characters", path: "/play/characters" }, charactersPage(await charactersView(me.user.id))), {
        page: "user",
        detail: { hide: true },
      })
      .post("/play/characters/:slug/buy", charAction("buy"), { page: "user", params: slugParams, detail: { hide: true } })
      .post("/play/characters/:slug/upgrade", charAction("upgrade"), { page: "user", params: slugParams, detail: { hide: true } })
      .post("/play/characters/:slug/equip", charAction("equip"), { page: "user", params: slugParams, detail: { hide: true } });
}
