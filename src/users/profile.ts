// Profile (display name, country) and settings changes of the signed-in user.
import { audit } from "../auth/audit.ts";
import { withRepos, type AuthCtx, type Client } from "../auth/context.ts";
import { isUniqueViolation, type SettingsPatch, type UserRow, type UserSettingsRow } from "../db/repos.ts";
import { AppError } from "../core/errors.ts";
import { checkCountryCode, checkDisplayName } from "./names.ts";

export async function updateProfile(ctx: AuthCtx, user: UserRow, input: { display_name?: string | null; country_code?: string | null }, client: Client): Promise<UserRow> {
  const patch: Partial<UserRow> = {};
  if (input.display_name !== undefined) {
    if (input.display_name === null || input.display_name.trim() === "") {
      patch.displayName = null;
      patch.displayNameKey = null;
    } else {
      const n = checkDisplayName(input.display_name);
      if (!n.ok) throw new AppError("VALIDATION", `Display name ${n.reason}`, { details: [{ field: "display_name", message: n.reason }], reason: "INVALID_DISPLAY_NAME" });
      const holder = await ctx.repos.users.findUserByDisplayNameKey(n.key);
      if (holder && holder.id !== user.id) throw new AppError("CONFLICT", "This display name is taken", { reason: "DISPLAY_NAME_TAKEN" });
      patch.displayName = n.name;
      patch.displayNameKey = n.key;
    }
  }
  if (input.country_code !== undefined) {
    if (input.country_code === null || input.country_code.trim() === "") patch.countryCode = null;
    else {
      const c = checkCountryCode(input.country_code);
      if (!c.ok) throw new AppError("VALIDATION", `Country code ${c.reason}`, { details: [{ field: "country_code", message: c.reason }], reason: "INVALID_COUNTRY" });
      patch.countryCode = c.code;
    }
  }
  if (!Object.keys(patch).length) return user;
  try {
    // The change and its audit row commit together; the unique index on the name key decides a
    // race with another user taking the same name meanwhile.
    return await ctx.repos.transaction(async (tx) => {
      const updated = (await tx.users.updateUser(user.id, patch, ctx.now()))!;
      await audit(withRepos(ctx, tx), "profile_changed", user.id, client, { fields: Object.keys(patch).filter((k) => k !== "displayNameKey") });
      return updated;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("CONFLICT", "This display name is taken", { reason: "DISPLAY_NAME_TAKEN" });
    throw e;
  }
}

export interface SettingsView {
  notification_shares: boolean;
  notification_blocks: boolean;
  notification_badges: boolean;
  notification_streaks: boolean;
  notification_lottery: boolean;
  notification_email: boolean;
  sound_mode: "off" | "subtle" | "full";
  privacy_show_profile: boolean;
  privacy_show_hashrate: boolean;
  privacy_show_country: boolean;
  ui_mode: "full" | "simple";
  timezone: string;
}

const FIELD: Record<keyof SettingsView, keyof SettingsPatch> = {
  notification_shares: "notificationShares",
  notification_blocks: "notificationBlocks",
  notification_badges: "notificationBadges",
  notification_streaks: "notificationStreaks",
  notification_lottery: "notificationLottery",
  notification_email: "notificationEmail",
  sound_mode: "soundMode",
  privacy_show_profile: "privacyShowProfile",
  privacy_show_hashrate: "privacyShowHashrate",
  privacy_show_country: "privacyShowCountry",
  ui_mode: "uiMode",
  timezone: "timezone",
};

export function settingsView(s: UserSettingsRow): SettingsView {
  const out = {} as Record<string, unknown>;
  for (const [api, col] of Object.entries(FIELD)) out[api] = s[col as keyof UserSettingsRow];
  return out as unknown as SettingsView;
}

export async function readSettings(ctx: AuthCtx, userId: number): Promise<SettingsView> {
  return settingsView(await ctx.repos.users.getSettings(userId));
}

function validTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export async function changeSettings(ctx: AuthCtx, user: UserRow, input: Partial<SettingsView>, client: Client): Promise<SettingsView> {
  if (input.timezone !== undefined && !validTimezone(input.timezone))
    throw new AppError("VALIDATION", "Unknown time zone", { details: [{ field: "timezone", message: "not an IANA time zone" }], reason: "VALIDATION_ERROR" });
  // Seed 003 §10: unverified email accounts may mine but not turn on mail notifications.
  if (input.notification_email && user.authMethod === "email" && !user.emailVerified)
    throw new AppError("FORBIDDEN", "Verify your email address before turning on email notifications", { reason: "EMAIL_NOT_VERIFIED" });
  if (input.notification_email && !user.email) throw new AppError("BAD_REQUEST", "This account has no email address", { reason: "NO_EMAIL" });
  const patch: Record<string, unknown> = {};
  for (const [api, col] of Object.entries(FIELD)) {
    const v = input[api as keyof SettingsView];
    if (v !== undefined) patch[col] = v;
  }
  const row = await ctx.repos.transaction(async (tx) => {
    const row = await tx.users.updateSettings(user.id, patch as SettingsPatch, ctx.now());
    if (Object.keys(patch).length) await audit(withRepos(ctx, tx), "settings_changed", user.id, client, { fields: Object.keys(input) });
    return row;
  });
  return settingsView(row);
}
