// The activity feed. An entry stores what happened without the actor's name; the name is put in
// when it is read (and when it is announced), from the actor's privacy settings at that moment:
// a hidden profile (privacy_show_profile off) shows as "A miner", with no name or address, so
// turning it off later hides past entries too. Global entries: blocks, epic/legendary badges and
// new miners; every entry is in its actor's own feed.
import type { FeedRow, Repos } from "../db/repos.ts";
import { parseData } from "./notify.ts";

export interface NewFeedEntry {
  kind: string;
  userId: number | null;
  action: string;
  data: Record<string, unknown> | null;
  global: boolean;
  ref: string;
}

export interface FeedEntryJson {
  id: number;
  kind: string;
  userId: number | null;
  text: string;
  data: Record<string, unknown> | null;
  createdAt: number;
}

export const HIDDEN_ACTOR = "A miner";

export async function writeFeed(tx: Repos, e: NewFeedEntry, at: number): Promise<FeedRow | null> {
  return tx.game.insertFeed({ kind: e.kind, userId: e.userId, action: e.action, data: e.data === null ? null : JSON.stringify(e.data), global: e.global, ref: e.ref, createdAt: at });
}

/** The name others see for a user: their display name, else a shortened address; null when hidden. */
export function publicNameOf(u: { id: number; displayName: string | null; btcAddress: string | null; showProfile: boolean }): string | null {
  if (!u.showProfile) return null;
  if (u.displayName) return u.displayName;
  const a = u.btcAddress ?? "";
  return a.length > 14 ? `${a.slice(0, 8)}…${a.slice(-4)}` : a || `Miner #${u.id}`;
}

/**
 * Entries as others see them. The viewer's own entries keep their name; someone hidden is
 * "A miner" and their user id is left out too (it would let a reader tie entries together).
 */
export async function renderFeed(repos: Repos, rows: FeedRow[], viewerId: number | null): Promise<FeedEntryJson[]> {
  // One read for every actor of the rows (a chunk of new miners announces a thousand entries).
  const ids = [...new Set(rows.flatMap((r) => (r.userId === null ? [] : [r.userId])))];
  const names = new Map((await repos.game.publicProfiles(ids)).map((u) => [u.id, publicNameOf(u)]));
  return rows.map((r) => {
    const name = r.userId === null ? null : names.get(r.userId) ?? null;
    const own = r.userId !== null && r.userId === viewerId;
    const hidden = r.userId !== null && name === null && !own;
    const actor = r.userId === null ? "" : own ? "You" : (name ?? HIDDEN_ACTOR);
    return {
      id: r.id, kind: r.kind, userId: hidden ? null : r.userId, text: actor ? `${actor} ${r.action}` : r.action,
      data: { ...(parseData(r.data) ?? {}), actor: hidden ? null : own ? (name ?? "You") : name }, createdAt: r.createdAt,
    };
  });
}
