// Display-name and country rules. Names are shown on leaderboards and in the Mini App, so they are
// limited to a charset that cannot carry markup or look like the operator's voice.

export const DISPLAY_NAME_MIN = 3;
/** Seed 003 stores display names in VARCHAR(64); 24 keeps leaderboards readable on a phone. */
export const DISPLAY_NAME_MAX = 24;
const DISPLAY_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Words a user name may not contain, compared after folding look-alike characters. */
const RESERVED = ["admin", "operator", "moderator", "thebitcoingame", "support", "system", "official", "root", "staff"];
const LOOKALIKE: Record<string, string> = { "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g", l: "i", "@": "a", $: "s" };

export type NameCheck = { ok: true; name: string; key: string } | { ok: false; reason: string };

/** Unique key: case-folded, so "Alice" and "alice" cannot both exist. */
export function displayNameKey(name: string): string {
  return name.toLowerCase();
}

function skeleton(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9@$]/g, "")
    .replace(/[0-9@$l]/g, (c) => LOOKALIKE[c] ?? c);
}

export function checkDisplayName(raw: string): NameCheck {
  const name = raw.trim();
  if (name.length < DISPLAY_NAME_MIN || name.length > DISPLAY_NAME_MAX)
    return { ok: false, reason: `must be ${DISPLAY_NAME_MIN} to ${DISPLAY_NAME_MAX} characters` };
  if (!DISPLAY_NAME.test(name)) return { ok: false, reason: "may contain only letters, digits, '_', '-' and '.', and must start with a letter or digit" };
  const s = skeleton(name);
  const hit = RESERVED.find((w) => s.includes(skeleton(w)));
  if (hit) return { ok: false, reason: `may not contain "${hit}"` };
  return { ok: true, name, key: displayNameKey(name) };
}

const REGION_NAMES = new Intl.DisplayNames(["en"], { type: "region" });

/** ISO 3166-1 alpha-2, upper case; Intl echoes unknown codes back, which is how they are caught. */
export function checkCountryCode(raw: string): { ok: true; code: string } | { ok: false; reason: string } {
  const code = raw.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(code)) return { ok: false, reason: "must be a two-letter ISO 3166-1 country code" };
  const name = REGION_NAMES.of(code);
  if (!name || name === code || code === "ZZ") return { ok: false, reason: "is not a known country code" };
  return { ok: true, code };
}

export function countryName(code: string): string {
  return REGION_NAMES.of(code) ?? code;
}
