// Sign in with a Bitcoin wallet (seed 003 §4.1): challenge → the wallet signs it → verify.
// The same proof (a fresh challenge signed by the address) is what linking or changing a payout
// address requires, so both go through proveAddress.
import { addressToScript } from "../../stratum/bitcoin/index.ts";
import { isUniqueViolation, type UserRow } from "../db/repos.ts";
import { AppError } from "../core/errors.ts";
import { audit } from "./audit.ts";
import { CHALLENGE_TTL_MS } from "./challenges.ts";
import { withRepos, type AuthCtx, type Client } from "./context.ts";
import { verifyMessage } from "./crypto/message.ts";
import { startSession, type TokenPair } from "./sessions.ts";

export function rateLimited(retryAfterS: number, message = "Too many attempts; try again later"): AppError {
  return new AppError("RATE_LIMITED", message, { details: { retry_after: retryAfterS }, reason: "AUTH_RATE_LIMITED" });
}

/** Trimmed, and checked to be an address of the network this pool mines on. */
export function normalizeAddress(ctx: AuthCtx, raw: string): string {
  const address = raw.trim();
  const r = addressToScript(address, ctx.config.network);
  if (!r.ok) throw new AppError("VALIDATION", `Not a valid ${ctx.config.network} Bitcoin address`, { details: [{ field: "btc_address", message: r.reason }], reason: "INVALID_BTC_ADDRESS" });
  return address;
}

export function issueChallenge(ctx: AuthCtx, rawAddress: string, client: Client, userKey?: number) {
  const d = ctx.limiter.hit("auth", { ip: client.ip, user: userKey });
  if (!d.ok) throw rateLimited(d.retryAfterS);
  const c = ctx.challenges.issue(normalizeAddress(ctx, rawAddress));
  return { challenge: c.message, nonce: c.nonce, expires_in: CHALLENGE_TTL_MS / 1000 };
}

/** Consumes the nonce and checks the signature; throws the specific AUTH_* error otherwise. */
export async function proveAddress(ctx: AuthCtx, input: { address: string; nonce: string; signature: string }, client: Client): Promise<string> {
  const backoffKey = `ip:${client.ip}`;
  const wait = ctx.backoff.waitS(backoffKey);
  if (wait > 0) throw rateLimited(wait, "Too many failed attempts; wait before trying again");
  const address = normalizeAddress(ctx, input.address);
  const taken = ctx.challenges.take(input.nonce.trim(), address);
  if (!taken.ok) {
    ctx.backoff.failure(backoffKey);
    const messages = {
      AUTH_CHALLENGE_NOT_FOUND: "Unknown or already used challenge; request a new one",
      AUTH_CHALLENGE_EXPIRED: "The challenge has expired; request a new one",
      AUTH_ADDRESS_MISMATCH: "The challenge was issued for another address",
    } as const;
    throw new AppError("UNAUTHORIZED", messages[taken.code], { reason: taken.code });
  }
  const v = verifyMessage({ address, message: taken.challenge.message, signature: input.signature, network: ctx.config.network });
  if (!v.ok) {
    ctx.backoff.failure(backoffKey);
    await audit(ctx, "login_failed", null, client, { method: "wallet", address, reason: v.reason });
    throw new AppError("UNAUTHORIZED", "The provided Bitcoin message signature is invalid.", { details: { reason: v.reason }, reason: "AUTH_INVALID_SIGNATURE" });
  }
  ctx.backoff.success(backoffKey);
  return address;
}

export async function walletSignIn(ctx: AuthCtx, input: { address: string; nonce: string; signature: string }, client: Client): Promise<TokenPair> {
  const d = ctx.limiter.hit("auth", { ip: client.ip });
  if (!d.ok) throw rateLimited(d.retryAfterS);
  const address = await proveAddress(ctx, input, client);
  const user = await userForAddress(ctx, address);
  return startSession(ctx, user, "wallet", client);
}

/**
 * The account of a proven address, made on its first sign-in. The pool creates rows for
 * addresses that mine, maybe at this very moment: when the insert loses that race to the
 * unique index, the winner's row is the account.
 */
async function userForAddress(ctx: AuthCtx, address: string): Promise<UserRow> {
  const at = ctx.now();
  let user = await ctx.repos.users.findUserByAddress(address);
  if (!user) {
    try {
      return await ctx.repos.users.insertUser({ btcAddress: address, authMethod: "wallet" }, at);
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      user = await ctx.repos.users.findUserByAddress(address);
      if (!user) throw e;
    }
  }
  // The pool created this row when the address first mined; signing proves it is theirs.
  if (user.authMethod === "miner") user = (await ctx.repos.users.updateUser(user.id, { authMethod: "wallet" }, at)) ?? user;
  return user;
}

/** PATCH /users/me/wallet: the new address must sign a fresh challenge. */
export async function changeWallet(ctx: AuthCtx, user: UserRow, input: { address: string; nonce: string; signature: string }, client: Client): Promise<UserRow> {
  const address = await proveAddress(ctx, input, client);
  if (address === user.btcAddress) return user;
  const taken = () => new AppError("CONFLICT", "This address belongs to another account; sign in with it instead", { reason: "ADDRESS_TAKEN" });
  try {
    // The owner check, the change and its audit row commit together; the unique index on the
    // address decides a race with another account (or the pool) taking it meanwhile.
    return await ctx.repos.transaction(async (tx) => {
      const owner = await tx.users.findUserByAddress(address);
      if (owner && owner.id !== user.id) throw taken();
      const updated = (await tx.users.updateUser(user.id, { btcAddress: address }, ctx.now()))!;
      await audit(withRepos(ctx, tx), "wallet_changed", user.id, client, { from: user.btcAddress, to: address });
      return updated;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw taken();
    throw e;
  }
}
