// Telegram Mini App sign-in (seed 000 "Telegram Login"): the page posts Telegram.WebApp.initData,
// crypto/telegram.ts proves it came from Telegram for our bot, and the user is found or created
// by telegram_id. Profile fields are refreshed each time; the first start_param (referral) stays.
import { isUniqueViolation, type Repos, type UserRow } from "../db/repos.ts";
import { AppError } from "../core/errors.ts";
import { audit } from "./audit.ts";
import { withRepos, type AuthCtx, type Client } from "./context.ts";
import { TELEGRAM_PUBLIC_KEY_PRODUCTION, verifyInitData, verifyInitDataThirdParty, type VerifiedInitData } from "./crypto/telegram.ts";
import { startSession, type TokenPair } from "./sessions.ts";
import { rateLimited } from "./wallet.ts";

const REASONS: Record<string, string> = {
  missing_hash: "initData carries no hash",
  bad_hash: "initData was not signed for this bot",
  expired: "initData is too old; reopen the Mini App",
  malformed: "initData is malformed",
  missing_user: "initData names no user",
  missing_signature: "initData carries no Telegram signature",
  bad_signature: "initData was not signed by Telegram for this bot",
};

/**
 * With the bot token: the HMAC check. Without it but with the bot id (TBG_TELEGRAM_BOT_ID):
 * Telegram's Ed25519 signature over the same data, checked with Telegram's published key.
 */
export async function verifyTelegram(ctx: AuthCtx, initData: string, client: Client, publicKeyHex = TELEGRAM_PUBLIC_KEY_PRODUCTION): Promise<VerifiedInitData> {
  const { botToken, botId } = ctx.config.telegram;
  if (!botToken && !botId) throw new AppError("NOT_FOUND", "Telegram sign-in is not configured on this server", { reason: "TELEGRAM_DISABLED" });
  const d = ctx.limiter.hit("telegram", { ip: client.ip });
  if (!d.ok) throw rateLimited(d.retryAfterS);
  const maxAgeSeconds = Math.floor(ctx.config.telegram.authMaxAgeMs / 1000);
  const now = Math.floor(ctx.now() / 1000);
  const v = botToken
    ? verifyInitData(initData, { botToken, maxAgeSeconds, now })
    : await verifyInitDataThirdParty(initData, { botId, publicKeyHex, maxAgeSeconds, now });
  if (!v.ok) {
    await audit(ctx, "login_failed", null, client, { method: "telegram", reason: v.reason });
    throw new AppError("UNAUTHORIZED", REASONS[v.reason] ?? "initData is not valid", { reason: v.reason === "expired" ? "AUTH_INIT_DATA_EXPIRED" : "AUTH_INVALID_INIT_DATA" });
  }
  return v;
}

function saveProfile(ctx: AuthCtx, repos: Repos, user: UserRow, v: VerifiedInitData): Promise<void> {
  return repos.users.upsertTelegramProfile(
    {
      userId: user.id,
      firstName: v.user.first_name.slice(0, 128),
      lastName: v.user.last_name?.slice(0, 128) ?? null,
      photoUrl: v.user.photo_url?.startsWith("https://") ? v.user.photo_url.slice(0, 512) : null,
      languageCode: v.user.language_code?.slice(0, 16) ?? null,
      isPremium: v.user.is_premium ?? false,
      startParam: v.startParam || null,
    },
    ctx.now(),
  );
}

export async function telegramSignIn(ctx: AuthCtx, initData: string, client: Client): Promise<TokenPair & { start_param: string | null }> {
  const v = await verifyTelegram(ctx, initData, client);
  const at = ctx.now();
  const username = v.user.username ?? null;
  // The account (found or made) and its profile commit together. Two first sign-ins at once
  // race on the unique Telegram id: the loser's transaction rolls back and it takes the
  // winner's account on a second pass.
  const once = () =>
    ctx.repos.transaction(async (tx) => {
      let user = await tx.users.findUserByTelegramId(v.user.id);
      if (!user) user = await tx.users.insertUser({ telegramId: v.user.id, telegramUsername: username, authMethod: "telegram" }, at);
      else if (user.telegramUsername !== username) user = (await tx.users.updateUser(user.id, { telegramUsername: username }, at)) ?? user;
      await saveProfile(ctx, tx, user, v);
      return user;
    });
  let user: UserRow;
  try {
    user = await once();
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    user = await once();
  }
  const pair = await startSession(ctx, user, "telegram", client);
  return { ...pair, start_param: v.startParam };
}

/** A signed-in (wallet or email) user attaches their Telegram account. */
export async function linkTelegram(ctx: AuthCtx, user: UserRow, initData: string, client: Client): Promise<UserRow> {
  const v = await verifyTelegram(ctx, initData, client);
  const taken = () => new AppError("CONFLICT", "This Telegram account is linked to another account", { reason: "TELEGRAM_TAKEN" });
  try {
    // The owner check, the link, the profile and the audit row commit together; the unique
    // index on the Telegram id decides a race with another account linking it meanwhile.
    return await ctx.repos.transaction(async (tx) => {
      const owner = await tx.users.findUserByTelegramId(v.user.id);
      if (owner && owner.id !== user.id) throw taken();
      const updated = (await tx.users.updateUser(user.id, { telegramId: v.user.id, telegramUsername: v.user.username ?? null }, ctx.now()))!;
      await saveProfile(ctx, tx, updated, v);
      await audit(withRepos(ctx, tx), "telegram_linked", user.id, client, { telegram_id: v.user.id });
      return updated;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw taken();
    throw e;
  }
}
