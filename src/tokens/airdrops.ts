// Airdrops (seed 000 §Airdrop System): an admin creates a drop with eligibility rules (account
// age, ledger transactions, game level, achievements reached) and a distribution method:
//  - EQUAL: every claim pays total / max_participants at once (floored), first come first served;
//  - PROPORTIONAL: claims register with a weight (the tokens the player has earned so far); after
//    the end an admin distributes floor(total × weight / sum of weights) to each;
//  - LOTTERY: claims register a ticket; after the end `winners` tickets drawn by the server's
//    CSPRNG share the total equally (floored).
// Rounding only ever leaves units undistributed; no drop pays out more than its total. Each
// player claims once (the claim row's primary key) and is paid once (ledger key `airdrop:<id>`).
import { randomInt } from "node:crypto";
import { AppError, conflict } from "../core/errors.ts";
import { DAY_MS, type Clock } from "../core/time.ts";
import type { AirdropClaimRow, AirdropRow, Repos } from "../db/repos.ts";
import type { Logger } from "../log.ts";
import { ACHIEVEMENT_BY_SLUG } from "./achievements.ts";
import { apply } from "./ledger.ts";
import type { Progress } from "./progress.ts";
import type { Unlock } from "./unlocks.ts";

export const METHODS = ["EQUAL", "PROPORTIONAL", "LOTTERY"] as const;
export type Method = (typeof METHODS)[number];

export interface NewAirdrop {
  name: string;
  description: string;
  method: Method;
  totalAmount: number;
  maxParticipants: number;
  winners?: number;
  minAccountAgeDays?: number;
  minTransactions?: number;
  minLevel?: number;
  requiredAchievements?: string[];
  startsAt: number;
  endsAt: number;
}

export interface Eligibility {
  eligible: boolean;
  checks: { accountAge: boolean; transactions: boolean; level: boolean; achievements: boolean };
  have: { accountAgeDays: number; transactions: number; level: number; achievements: string[] };
}

export interface AirdropView {
  row: AirdropRow;
  required: string[];
  phase: "UPCOMING" | "OPEN" | "ENDED" | "DISTRIBUTED";
  /** What one EQUAL claim pays (null for the other methods). */
  equalShare: number | null;
  mine: AirdropClaimRow | null;
  eligibility: Eligibility | null;
}

/** The admin acting, as the audit log records them. */
export interface AdminCaller {
  id: number;
  client: { ip?: string; userAgent?: string };
}

export interface Airdrops {
  /** Creates a drop; the audit log gets an admin_action row in the same transaction. */
  create(admin: AdminCaller, input: NewAirdrop): Promise<AirdropRow>;
  list(userId: number): Promise<AirdropView[]>;
  get(userId: number, id: number): Promise<AirdropView>;
  claim(userId: number, id: number): Promise<{ view: AirdropView; paid: number; balance: number }>;
  /** Pays a PROPORTIONAL or LOTTERY drop after its end (an EQUAL one is only closed). */
  distribute(id: number, admin: AdminCaller): Promise<{ paid: number; recipients: number; undistributed: number }>;
  /** Every drop with its claim count, for admins. */
  adminList(): Promise<AirdropRow[]>;
}

const requiredOf = (r: AirdropRow): string[] => {
  try {
    const v = JSON.parse(r.requiredAchievements);
    return Array.isArray(v) ? v.filter((x) => typeof x === "string") : [];
  } catch {
    return [];
  }
};

/** An admin_action audit row (src/admin shows them), written in the caller's transaction. */
const auditAdmin = (tx: Repos, admin: AdminCaller, at: number, metadata: Record<string, unknown>) =>
  tx.auth.insertAudit({ userId: admin.id, action: "admin_action", ipAddress: admin.client.ip ?? null, userAgent: admin.client.userAgent?.slice(0, 512) ?? null, metadata: JSON.stringify(metadata), createdAt: at });

/** A player paid by a distribution (announced after its commit). */
export interface AirdropPayout {
  userId: number;
  amount: number;
  balance: number;
  unlocks: Unlock[];
}

export interface AirdropsDeps {
  repos: Repos;
  log: Logger;
  now: Clock;
  progress: Progress;
  pick?: (n: number) => number;
  /** After a distribution committed: who was paid what (the service tells each of them). */
  onDistributed?: (drop: AirdropRow, payouts: AirdropPayout[], at: number) => void;
}

export function createAirdrops(deps: AirdropsDeps): Airdrops {
  const { repos, now, progress } = deps;
  const log = deps.log.child("airdrops");
  const pick = deps.pick ?? ((n: number) => randomInt(n));

  const phase = (r: AirdropRow, at: number): AirdropView["phase"] => (r.status === "DISTRIBUTED" ? "DISTRIBUTED" : at < r.startsAt ? "UPCOMING" : at >= r.endsAt ? "ENDED" : "OPEN");

  const eligibility = async (userId: number, r: AirdropRow, at: number): Promise<Eligibility> => {
    const required = requiredOf(r);
    const [user, txs, game, ach] = await Promise.all([repos.users.findUserById(userId), repos.tokens.countTransactions(userId), repos.game.getState(userId), required.length ? progress.achievements(userId) : []]);
    const ageDays = user ? Math.floor((at - user.createdAt) / DAY_MS) : 0;
    const level = game?.level ?? 1;
    const reached = ach.filter((a) => a.reached > 0).map((a) => a.template.slug);
    const checks = { accountAge: ageDays >= r.minAccountAgeDays, transactions: txs >= r.minTransactions, level: level >= r.minLevel, achievements: required.every((s) => reached.includes(s)) };
    return { eligible: Object.values(checks).every(Boolean), checks, have: { accountAgeDays: ageDays, transactions: txs, level, achievements: reached.filter((s) => required.includes(s)) } };
  };

  const view = async (userId: number, r: AirdropRow, mine: AirdropClaimRow | undefined, at: number, withEligibility: boolean): Promise<AirdropView> => ({
    row: r, required: requiredOf(r), phase: phase(r, at), equalShare: r.method === "EQUAL" ? Math.floor(r.totalAmount / r.maxParticipants) : null, mine: mine ?? null,
    eligibility: withEligibility ? await eligibility(userId, r, at) : null,
  });

  const load = async (id: number) => {
    const r = await repos.tokens.getAirdrop(id);
    if (!r) throw new AppError("NOT_FOUND", "No such airdrop", { reason: "AIRDROP_NOT_FOUND" });
    return r;
  };

  const api: Airdrops = {
    async create(admin, input) {
      const bad = (m: string) => new AppError("VALIDATION", m, { reason: "INVALID_AIRDROP" });
      const name = input.name.trim();
      if (name.length < 1 || name.length > 100) throw bad("The name needs 1 to 100 characters");
      if (input.description.length > 1000) throw bad("The description is at most 1,000 characters");
      if (!METHODS.includes(input.method)) throw bad("Choose EQUAL, PROPORTIONAL or LOTTERY");
      if (!Number.isSafeInteger(input.totalAmount) || input.totalAmount < 1) throw bad("The total must be a positive amount");
      if (!Number.isSafeInteger(input.maxParticipants) || input.maxParticipants < 1 || input.maxParticipants > 1_000_000) throw bad("Participants: 1 to 1,000,000");
      if (input.method === "EQUAL" && Math.floor(input.totalAmount / input.maxParticipants) < 1) throw bad("The total is too small to give every participant something");
      const winners = input.method === "LOTTERY" ? (input.winners ?? 0) : 0;
      if (input.method === "LOTTERY" && (!Number.isSafeInteger(winners) || winners < 1 || winners > input.maxParticipants)) throw bad("A lottery needs 1 to max-participants winners");
      if (!(input.endsAt > input.startsAt)) throw bad("The end must be after the start");
      const required = [...new Set(input.requiredAchievements ?? [])];
      for (const s of required) if (!ACHIEVEMENT_BY_SLUG.has(s)) throw bad(`No achievement "${s}"`);
      const nonneg = (v: number | undefined, what: string) => {
        const n = v ?? 0;
        if (!Number.isSafeInteger(n) || n < 0) throw bad(`${what} must be 0 or more`);
        return n;
      };
      const at = now();
      const row = await repos.transaction(async (tx) => {
        const made = await tx.tokens.insertAirdrop({
          name, description: input.description.trim(), method: input.method, totalAmount: input.totalAmount, maxParticipants: input.maxParticipants, winners,
          minAccountAgeDays: nonneg(input.minAccountAgeDays, "Account age"), minTransactions: nonneg(input.minTransactions, "Transactions"), minLevel: nonneg(input.minLevel, "Level"),
          requiredAchievements: JSON.stringify(required), startsAt: input.startsAt, endsAt: input.endsAt, createdBy: admin.id, createdAt: at,
        });
        await auditAdmin(tx, admin, at, { action: "airdrop_created", airdrop_id: made.id, name: made.name, method: made.method, total_amount: made.totalAmount, max_participants: made.maxParticipants });
        return made;
      });
      log.info("airdrop created", { id: row.id, method: row.method, admin: admin.id });
      return row;
    },

    async list(userId) {
      const at = now();
      const [rows, mine] = await Promise.all([repos.tokens.listAirdrops(50), repos.tokens.airdropClaimsOf(userId)]);
      return Promise.all(rows.map((r) => view(userId, r, mine.find((c) => c.airdropId === r.id), at, phase(r, at) === "OPEN")));
    },

    async get(userId, id) {
      const at = now();
      const r = await load(id);
      const mine = (await repos.tokens.airdropClaimsOf(userId)).find((c) => c.airdropId === id);
      return view(userId, r, mine, at, true);
    },

    async claim(userId, id) {
      const at = now();
      const r = await load(id);
      const p = phase(r, at);
      if (p === "UPCOMING") throw conflict(`${r.name} opens at ${new Date(r.startsAt).toISOString()}`, "AIRDROP_NOT_STARTED");
      if (p !== "OPEN") throw conflict(`${r.name} has ended`, "AIRDROP_ENDED");
      const el = await eligibility(userId, r, at);
      if (!el.eligible) throw new AppError("FORBIDDEN", `You are not eligible for ${r.name}`, { reason: "NOT_ELIGIBLE", details: el.checks });
      const wallet = await repos.tokens.getWallet(userId);
      const out = await repos.transaction(async (tx) => {
        if (!(await tx.tokens.takeAirdropSeat(id))) throw conflict(`${r.name} is full`, "AIRDROP_FULL");
        const claim: AirdropClaimRow = { airdropId: id, userId, weight: r.method === "PROPORTIONAL" ? Math.max(1, wallet?.totalEarned ?? 0) : 1, amount: 0, status: "REGISTERED", claimedAt: at, paidAt: null };
        if (!(await tx.tokens.insertAirdropClaim(claim))) throw conflict(`You already claimed ${r.name}`, "ALREADY_CLAIMED");
        if (r.method !== "EQUAL") return { claim, paid: 0, balance: wallet?.balance ?? 0 };
        const share = Math.floor(r.totalAmount / r.maxParticipants);
        const e = await apply(tx, { userId, type: "AIRDROP", amount: share, idemKey: `airdrop:${id}`, description: `Airdrop: ${r.name}`, metadata: { airdrop_id: id, method: r.method }, at });
        if (!e.applied) throw conflict(`You already claimed ${r.name}`, "ALREADY_CLAIMED");
        await tx.tokens.setAirdropClaim(id, userId, "PAID", share, at);
        return { claim: { ...claim, status: "PAID", amount: share, paidAt: at }, paid: share, balance: e.balance };
      });
      return { view: await view(userId, { ...r, claimed: r.claimed + 1 }, out.claim, at, false), paid: out.paid, balance: out.balance };
    },

    async distribute(id, admin) {
      const at = now();
      const r = await load(id);
      if (r.status === "DISTRIBUTED") throw conflict(`${r.name} was distributed already`, "ALREADY_DISTRIBUTED");
      if (at < r.endsAt) throw conflict(`${r.name} ends at ${new Date(r.endsAt).toISOString()}; distribute after that`, "AIRDROP_NOT_ENDED");
      const payouts: AirdropPayout[] = [];
      const out = await repos.transaction(async (tx) => {
        if (!(await tx.tokens.markAirdropDistributed(id, at))) throw conflict(`${r.name} was distributed already`, "ALREADY_DISTRIBUTED");
        const claims = (await tx.tokens.listAirdropClaims(id)).filter((c) => c.status === "REGISTERED");
        const pay = new Map<number, number>();
        if (r.method === "PROPORTIONAL") {
          const sum = claims.reduce((s, c) => s + BigInt(c.weight), 0n);
          for (const c of claims) pay.set(c.userId, Number((BigInt(r.totalAmount) * BigInt(c.weight)) / sum));
        } else if (r.method === "LOTTERY" && claims.length > 0) {
          const pool = claims.map((c) => c.userId);
          const n = Math.min(r.winners, pool.length);
          for (let i = 0; i < n; i++) {
            const j = i + pick(pool.length - i);
            [pool[i], pool[j]] = [pool[j]!, pool[i]!];
          }
          const share = Math.floor(r.totalAmount / n);
          for (const u of pool.slice(0, n)) pay.set(u, share);
        }
        let paid = 0;
        let recipients = 0;
        for (const c of claims) {
          const amount = pay.get(c.userId) ?? 0;
          if (amount > 0) {
            const e = await apply(tx, { userId: c.userId, type: "AIRDROP", amount, idemKey: `airdrop:${id}`, description: `Airdrop: ${r.name}`, metadata: { airdrop_id: id, method: r.method }, at });
            if (e.applied) payouts.push({ userId: c.userId, amount, balance: e.balance, unlocks: e.unlocks });
            paid += amount;
            recipients++;
          }
          await tx.tokens.setAirdropClaim(id, c.userId, amount > 0 ? "PAID" : "LOST", amount, at);
        }
        const already = r.method === "EQUAL" ? r.claimed * Math.floor(r.totalAmount / r.maxParticipants) : 0;
        const undistributed = r.totalAmount - paid - already;
        await auditAdmin(tx, admin, at, { action: "airdrop_distributed", airdrop_id: id, name: r.name, method: r.method, paid, recipients, undistributed });
        log.info("airdrop distributed", { id, paid, recipients, admin: admin.id });
        return { paid, recipients, undistributed };
      });
      deps.onDistributed?.(r, payouts, at);
      return out;
    },

    adminList: () => repos.tokens.listAirdrops(200),
  };
  return api;
}
