// Notifications: what each type is, which account switch (user_settings.notification_*) turns
// it off, and how one is written. A row is unique per (user, ref): the game re-running a step,
// or another feature (lottery, competitions) calling `notify` twice for the same thing, writes
// it once. A type whose switch is off is not written at all.
import type { NotificationRow, Repos, UserSettingsRow } from "../db/repos.ts";

export const NOTIFICATION_TYPES = {
  badge_earned: "notificationBadges",
  level_up: "notificationBadges",
  personal_best: "notificationBadges",
  streak_extended: "notificationStreaks",
  streak_at_risk: "notificationStreaks",
  block_found: "notificationBlocks",
  pool_block: "notificationBlocks",
} as const satisfies Record<string, keyof UserSettingsRow>;

/** Other features' types and their switch; a type in neither list is always delivered. */
const OTHER_SWITCHES: Record<string, keyof UserSettingsRow> = { lottery: "notificationLottery", lottery_win: "notificationLottery", lottery_draw: "notificationLottery" };

/** The account switches' defaults for users without a settings row (pool-created miners): as the table's. */
const DEFAULTS: Partial<Record<keyof UserSettingsRow, boolean>> = {
  notificationBadges: true, notificationStreaks: true, notificationBlocks: true, notificationLottery: true, notificationShares: false,
};

export function switchFor(type: string): keyof UserSettingsRow | null {
  return (NOTIFICATION_TYPES as Record<string, keyof UserSettingsRow>)[type] ?? OTHER_SWITCHES[type] ?? null;
}

export function wants(type: string, settings: UserSettingsRow | undefined): boolean {
  const key = switchFor(type);
  if (key === null) return true;
  const v = settings ? settings[key] : DEFAULTS[key];
  return v !== false;
}

export interface NewNotification {
  type: string;
  title: string;
  body: string;
  data: Record<string, unknown> | null;
  ref: string;
}

const TYPE_RE = /^[a-z][a-z0-9_]{0,31}$/;

/** Writes it in the caller's transaction; the row, or null when switched off or written before. */
export async function writeNotification(
  tx: Repos, userId: number, n: NewNotification, at: number, settings?: () => Promise<UserSettingsRow | undefined>,
): Promise<NotificationRow | null> {
  if (!TYPE_RE.test(n.type)) throw new RangeError(`notification type "${n.type}" must be lower_snake_case`);
  if (n.ref.length === 0 || n.ref.length > 200) throw new RangeError("notification ref must be 1–200 characters");
  if (!wants(n.type, await (settings ? settings() : tx.users.findSettings(userId)))) return null;
  return tx.game.insertNotification({
    userId, type: n.type, title: n.title.slice(0, 128), body: n.body, data: n.data === null ? null : JSON.stringify(n.data), ref: n.ref, readAt: null, createdAt: at,
  });
}

export interface NotificationJson {
  id: number;
  type: string;
  title: string;
  body: string;
  data: Record<string, unknown> | null;
  createdAt: number;
}

export const parseData = (s: string | null): Record<string, unknown> | null => {
  if (s === null) return null;
  try {
    const v = JSON.parse(s);
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
};

export const notificationOf = (r: NotificationRow): NotificationJson => ({ id: r.id, type: r.type, title: r.title, body: r.body, data: parseData(r.data), createdAt: r.createdAt });
