// Cooperatives: mining teams. Create (the founder), join (open coops by anyone; invite-only ones
// with the invite code), leave, remove, roles and hand-over (rules in roles.ts), stats read from
// the mining tables, and the leaderboard. A user is in at most one coop (a unique row per user);
// names are checked like display names and unique case-insensitively. Creating earns
// coop_founder, joining coop_member (through the game, once per user). Published after commit:
// `social.coop_created`, `social.coop_joined`, `social.coop_left` — for the activity feed.
import { AppError } from "../core/errors.ts";
import type { Clock } from "../core/time.ts";
import { isUniqueViolation, type CoopMemberView, type CoopRow, type CoopStatsRow, type Repos } from "../db/repos.ts";
import { createEventBus, type EventBus, type EventSource } from "../events.ts";
import type { Game } from "../game/service.ts";
import type { Logger } from "../log.ts";
import { HASHES_PER_DIFF } from "../mining/hashrate.ts";
import { namerFrom } from "../compete/names.ts";
import { checkCountryCode, checkDisplayName } from "../users/names.ts";
import { canManage, isRole, leaveRefusal, removeRefusal, type Role } from "./roles.ts";

export const DESCRIPTION_MAX = 280;
/** The window the coop hashrate is averaged over. */
export const HASHRATE_WINDOW_MIN = 60;
export type JoinMode = "open" | "invite";

export interface SocialEventMap {
  "social.coop_created": { coopId: number; name: string; userId: number; at: number };
  "social.coop_joined": { coopId: number; name: string; userId: number; via: "open" | "invite"; at: number };
  "social.coop_left": { coopId: number; name: string; userId: number; removedBy: number | null; dissolved: boolean; at: number };
}

export interface CoopStats {
  members: number;
  acceptedShares: number;
  /** Hashes per second over the last hour, from the accepted share difficulties. */
  hashrate: number;
  blocks: number;
}

export interface CoopDetail {
  coop: CoopRow;
  stats: CoopStats;
  /** `name`: what other players see (display name, short address, or the pool's alias for a hidden profile); the viewer's own line always names them. */
  members: (CoopMemberView & { name: string })[];
  /** The viewer's role in this coop, or null. */
  myRole: Role | null;
  /** Shown to its founder and admins only. */
  inviteCode: string | null;
}

export interface LeaderboardEntry {
  rank: number;
  coop: CoopRow;
  stats: CoopStats;
}

export interface CoopsDeps {
  repos: Repos;
  game: Pick<Game, "grantBadge">;
  log: Logger;
  now?: Clock;
  /**
   * How long computed coop stats are reused (default 10 s). They add up every member's stored
   * mining data; under a burst of leaderboard reads one computation serves them all. Any change
   * of membership drops them at once; 0 recomputes on every read.
   */
  statsTtlMs?: number;
}

export interface Coops {
  events: EventSource<SocialEventMap>;
  create(userId: number, input: { name: string; description?: string | null; joinMode?: JoinMode; countryCode?: string | null }): Promise<CoopDetail>;
  /** Joins coop `coopId`: open coops for anyone, invite-only with the right code. */
  join(userId: number, coopId: number, inviteCode?: string | null): Promise<CoopDetail>;
  joinByCode(userId: number, inviteCode: string): Promise<CoopDetail>;
  leave(userId: number): Promise<{ dissolved: boolean }>;
  remove(actorId: number, targetUserId: number): Promise<void>;
  setRole(actorId: number, targetUserId: number, role: "admin" | "member"): Promise<void>;
  handOver(actorId: number, targetUserId: number): Promise<void>;
  update(actorId: number, patch: { description?: string | null; joinMode?: JoinMode }): Promise<CoopDetail>;
  renewInvite(actorId: number): Promise<string>;
  detail(coopId: number, viewerId: number | null): Promise<CoopDetail>;
  mine(userId: number): Promise<CoopDetail | null>;
  /** By hashrate over the last hour, then accepted shares, then age. */
  leaderboard(limit: number): Promise<LeaderboardEntry[]>;
  byInvite(code: string): Promise<CoopRow>;
  idle(): Promise<void>;
}

/** 10 characters from an alphabet without look-alikes: ~50 bits, typed from a phone without mistakes. */
const INVITE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
export function newInviteCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  let s = "";
  for (const b of bytes) s += INVITE_ALPHABET[b % INVITE_ALPHABET.length];
  return s;
}

const notInCoop = () => new AppError("NOT_FOUND", "You are not in a cooperative", { reason: "NOT_IN_COOP" });
const noCoop = () => new AppError("NOT_FOUND", "No such cooperative", { reason: "COOP_NOT_FOUND" });
const refuse = (r: { reason: string; message: string }) => new AppError(r.reason === "HANDOVER_REQUIRED" ? "CONFLICT" : "FORBIDDEN", r.message, { reason: r.reason });

function cleanDescription(d: string | null | undefined): string | null {
  if (d === undefined || d === null) return null;
  const s = d.trim();
  if (s.length > DESCRIPTION_MAX) throw new AppError("VALIDATION", `description must be at most ${DESCRIPTION_MAX} characters`, { reason: "INVALID_DESCRIPTION" });
  return s === "" ? null : s;
}

export function createCoops(deps: CoopsDeps): Coops {
  const { repos, game } = deps;
  const now = deps.now ?? Date.now;
  const log = deps.log.child("social");
  const namer = namerFrom(repos);
  const bus: EventBus<SocialEventMap> = createEventBus<SocialEventMap>({ onError: (sub, err) => log.warn("social event subscriber failed", { sub, err: String(err) }) });

  const toStats = (r: CoopStatsRow | undefined): CoopStats => ({
    members: r?.members ?? 0, acceptedShares: r?.acceptedShares ?? 0, blocks: r?.blocks ?? 0, hashrate: ((r?.recentSumDiff ?? 0) * HASHES_PER_DIFF) / (HASHRATE_WINDOW_MIN * 60),
  });
  const ttl = deps.statsTtlMs ?? 10_000;
  let cached: { at: number; stats: Promise<Map<number, CoopStatsRow>>; board?: Promise<Omit<LeaderboardEntry, "rank">[]> } | null = null;
  const allStats = (): Promise<Map<number, CoopStatsRow>> => {
    const t = now();
    if (cached && t - cached.at < ttl) return cached.stats;
    const stats = repos.social.coopStats(Math.floor(t / 60_000) - HASHRATE_WINDOW_MIN).then((rows) => new Map(rows.map((r) => [r.cooperativeId, r])));
    cached = { at: t, stats };
    stats.catch(() => (cached = null));
    return stats;
  };
  /** Membership changed: the next read recomputes. */
  const changed = () => void (cached = null);

  const grant = (userId: number, slug: string, ref: string) =>
    game.grantBadge(userId, slug, ref).catch((err) => log.error("badge grant failed", { user: userId, slug, err: String(err) }));

  /** The actor's membership with a role, or 404. */
  const membershipOf = async (tx: Repos, userId: number) => {
    const m = await tx.social.findMembership(userId);
    if (!m) throw notInCoop();
    return { ...m, role: (isRole(m.role) ? m.role : "member") as Role };
  };

  const detail = async (coopId: number, viewerId: number | null): Promise<CoopDetail> => {
    const coop = await repos.social.findCoop(coopId);
    if (!coop) throw noCoop();
    const [rows, stats, n] = await Promise.all([repos.social.listMembers(coopId), allStats(), namer()]);
    const members = rows.map((m) => ({ ...m, name: n.publicName({ id: m.userId, btcAddress: m.btcAddress, displayName: m.displayName, showProfile: m.showProfile || m.userId === viewerId }) }));
    const mine = viewerId === null ? undefined : members.find((m) => m.userId === viewerId);
    const myRole = mine && isRole(mine.role) ? mine.role : null;
    return { coop, members, stats: toStats(stats.get(coopId)), myRole, inviteCode: myRole && canManage(myRole) ? coop.inviteCode : null };
  };

  const joinCoop = async (userId: number, coop: CoopRow, via: "open" | "invite") => {
    const at = now();
    await repos.transaction(async (tx) => {
      if (!(await tx.social.findCoop(coop.id))) throw noCoop();
      if (!(await tx.social.insertMember({ cooperativeId: coop.id, userId, role: "member", joinedAt: at })))
        throw new AppError("CONFLICT", "You are already in a cooperative: leave it first", { reason: "ALREADY_IN_COOP" });
    });
    changed();
    bus.publish("social.coop_joined", { coopId: coop.id, name: coop.name, userId, via, at });
    await grant(userId, "coop_member", `coop:${coop.id}`);
    return detail(coop.id, userId);
  };

  const coops: Coops = {
    events: bus,
    async create(userId, input) {
      const name = checkDisplayName(input.name);
      if (!name.ok) throw new AppError("VALIDATION", `The name ${name.reason}`, { reason: "INVALID_COOP_NAME" });
      const description = cleanDescription(input.description);
      let countryCode: string | null = null;
      if (input.countryCode) {
        const c = checkCountryCode(input.countryCode);
        if (!c.ok) throw new AppError("VALIDATION", `The country code ${c.reason}`, { reason: "INVALID_COUNTRY" });
        countryCode = c.code;
      }
      const joinMode = input.joinMode ?? "open";
      const at = now();
      let coop: CoopRow;
      try {
        coop = await repos.transaction(async (tx) => {
          if (await tx.social.findMembership(userId)) throw new AppError("CONFLICT", "You are already in a cooperative: leave it first", { reason: "ALREADY_IN_COOP" });
          const row = await tx.social.insertCoop({ name: name.name, nameKey: name.key, description, founderId: userId, countryCode, joinMode, inviteCode: newInviteCode(), createdAt: at });
          // A concurrent create or join by the same user loses here (one row per user).
          if (!(await tx.social.insertMember({ cooperativeId: row.id, userId, role: "founder", joinedAt: at })))
            throw new AppError("CONFLICT", "You are already in a cooperative: leave it first", { reason: "ALREADY_IN_COOP" });
          return row;
        });
      } catch (e) {
        if (isUniqueViolation(e)) throw new AppError("CONFLICT", "That name is taken", { reason: "COOP_NAME_TAKEN" });
        throw e;
      }
      changed();
      bus.publish("social.coop_created", { coopId: coop.id, name: coop.name, userId, at });
      await grant(userId, "coop_founder", `coop:${coop.id}`);
      return detail(coop.id, userId);
    },
    async join(userId, coopId, inviteCode) {
      const coop = await repos.social.findCoop(coopId);
      if (!coop) throw noCoop();
      if (coop.joinMode !== "open" && inviteCode !== coop.inviteCode)
        throw new AppError("FORBIDDEN", "This cooperative is invite-only: ask a member for the invite link", { reason: "INVITE_REQUIRED" });
      return joinCoop(userId, coop, coop.joinMode === "open" && inviteCode !== coop.inviteCode ? "open" : "invite");
    },
    async joinByCode(userId, inviteCode) {
      return joinCoop(userId, await coops.byInvite(inviteCode), "invite");
    },
    async byInvite(code) {
      const coop = /^[a-z0-9]{6,32}$/.test(code) ? await repos.social.findCoopByInvite(code) : undefined;
      if (!coop) throw new AppError("NOT_FOUND", "This invite link is not valid (it may have been renewed)", { reason: "INVALID_INVITE" });
      return coop;
    },
    async leave(userId) {
      const at = now();
      const r = await repos.transaction(async (tx) => {
        const m = await membershipOf(tx, userId);
        const coop = (await tx.social.findCoop(m.cooperativeId))!;
        const members = await tx.social.listMembers(m.cooperativeId);
        const no = leaveRefusal(m.role, members.length);
        if (no) throw refuse(no);
        await tx.social.removeMember(m.cooperativeId, userId);
        const dissolved = members.length === 1;
        if (dissolved) await tx.social.deleteCoop(m.cooperativeId);
        return { coop, dissolved };
      });
      changed();
      bus.publish("social.coop_left", { coopId: r.coop.id, name: r.coop.name, userId, removedBy: null, dissolved: r.dissolved, at });
      return { dissolved: r.dissolved };
    },
    async remove(actorId, targetUserId) {
      const at = now();
      const coop = await repos.transaction(async (tx) => {
        const me = await membershipOf(tx, actorId);
        const target = await tx.social.findMembership(targetUserId);
        if (!target || target.cooperativeId !== me.cooperativeId) throw new AppError("NOT_FOUND", "That user is not in your cooperative", { reason: "NOT_A_MEMBER" });
        const no = removeRefusal(me.role, isRole(target.role) ? target.role : "member");
        if (no) throw refuse(no);
        await tx.social.removeMember(me.cooperativeId, targetUserId);
        return (await tx.social.findCoop(me.cooperativeId))!;
      });
      changed();
      bus.publish("social.coop_left", { coopId: coop.id, name: coop.name, userId: targetUserId, removedBy: actorId, dissolved: false, at });
    },
    async setRole(actorId, targetUserId, role) {
      await repos.transaction(async (tx) => {
        const me = await membershipOf(tx, actorId);
        if (me.role !== "founder") throw new AppError("FORBIDDEN", "Only the founder can change roles", { reason: "NOT_COOP_FOUNDER" });
        const target = await tx.social.findMembership(targetUserId);
        if (!target || target.cooperativeId !== me.cooperativeId) throw new AppError("NOT_FOUND", "That user is not in your cooperative", { reason: "NOT_A_MEMBER" });
        if (target.role === "founder") throw new AppError("CONFLICT", "To give up the founder role, hand the coop over", { reason: "HANDOVER_REQUIRED" });
        await tx.social.setRole(me.cooperativeId, targetUserId, role);
      });
      changed();
    },
    async handOver(actorId, targetUserId) {
      await repos.transaction(async (tx) => {
        const me = await membershipOf(tx, actorId);
        if (me.role !== "founder") throw new AppError("FORBIDDEN", "Only the founder can hand the coop over", { reason: "NOT_COOP_FOUNDER" });
        if (targetUserId === actorId) throw new AppError("VALIDATION", "Hand it over to another member", { reason: "INVALID_TARGET" });
        const target = await tx.social.findMembership(targetUserId);
        if (!target || target.cooperativeId !== me.cooperativeId) throw new AppError("NOT_FOUND", "That user is not in your cooperative", { reason: "NOT_A_MEMBER" });
        await tx.social.setRole(me.cooperativeId, actorId, "admin");
        await tx.social.setRole(me.cooperativeId, targetUserId, "founder");
        await tx.social.updateCoop(me.cooperativeId, { founderId: targetUserId });
      });
      changed();
    },
    async update(actorId, patch) {
      const id = await repos.transaction(async (tx) => {
        const me = await membershipOf(tx, actorId);
        if (!canManage(me.role)) throw new AppError("FORBIDDEN", "Only the coop's founder and admins can change it", { reason: "NOT_COOP_ADMIN" });
        const set: { description?: string | null; joinMode?: JoinMode } = {};
        if (patch.description !== undefined) set.description = cleanDescription(patch.description);
        if (patch.joinMode !== undefined) set.joinMode = patch.joinMode;
        if (Object.keys(set).length) await tx.social.updateCoop(me.cooperativeId, set);
        return me.cooperativeId;
      });
      changed();
      return detail(id, actorId);
    },
    async renewInvite(actorId) {
      return repos.transaction(async (tx) => {
        const me = await membershipOf(tx, actorId);
        if (!canManage(me.role)) throw new AppError("FORBIDDEN", "Only the coop's founder and admins can renew the invite code", { reason: "NOT_COOP_ADMIN" });
        const code = newInviteCode();
        await tx.social.updateCoop(me.cooperativeId, { inviteCode: code });
        return code;
      });
    },
    detail,
    async mine(userId) {
      const m = await repos.social.findMembership(userId);
      return m ? detail(m.cooperativeId, userId) : null;
    },
    async leaderboard(limit) {
      const stats = allStats();
      // The ranked list is reused with the stats it was ranked by (same lifetime, same invalidation).
      const entry = cached!;
      entry.board ??= Promise.all([repos.social.listCoops(), stats]).then(([list, st]) =>
        list
          .map((coop) => ({ coop, stats: toStats(st.get(coop.id)) }))
          .sort((a, b) => b.stats.hashrate - a.stats.hashrate || b.stats.acceptedShares - a.stats.acceptedShares || a.coop.createdAt - b.coop.createdAt || a.coop.id - b.coop.id),
      );
      return (await entry.board).slice(0, limit).map((e, i) => ({ rank: i + 1, ...e }));
    },
    idle: () => bus.drain(),
  };
  return coops;
}
