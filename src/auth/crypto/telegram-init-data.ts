// Parsing of a Telegram Mini App `initData` query string and of the fields the server relies on,
// shared by the bot-token (HMAC) and third-party (Ed25519) checks. Parsing is strict on purpose:
// whatever is ambiguous (duplicate keys, keys or values that could fake another line of the
// data-check string, broken percent-encoding) is refused instead of interpreted.

export type TelegramUser = {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  is_premium?: boolean;
  photo_url?: string;
};

/** Failures found in authenticated data, common to both checks. */
export type FieldFailure = "expired" | "malformed" | "missing_user";

export type InitDataFailure = "missing_hash" | "bad_hash" | FieldFailure;

export type VerifiedInitData = {
  ok: true;
  user: TelegramUser;
  authDate: number;
  startParam: string | null;
  raw: Record<string, string>;
};

/** A real initData (user JSON with a photo URL, chat fields, two signatures) is ~1 KB. */
export const MAX_INIT_DATA_CHARS = 16 * 1024;

/** Telegram's documented format of `startapp` / `start_param`. */
const START_PARAM = /^[A-Za-z0-9_-]{0,512}$/;

/** Telegram and our clock may disagree a little; a launch signed "in the future" beyond this is refused. */
export const AUTH_DATE_FUTURE_SKEW_SECONDS = 60;

export type ParsedInitData = { ok: true; pairs: Map<string, string> } | { ok: false; reason: "malformed" };

/**
 * application/x-www-form-urlencoded decoding as Telegram's own web-app script does it
 * ('+' is a space, then percent-decoding); null for invalid escapes or lone surrogates.
 */
function formDecode(s: string): string | null {
  try {
    return decodeURIComponent(s.replace(/\+/g, "%20"));
  } catch {
    return null;
  }
}

export function parseInitData(initData: string): ParsedInitData {
  if (typeof initData !== "string" || initData.length === 0 || initData.length > MAX_INIT_DATA_CHARS) {
    return { ok: false, reason: "malformed" };
  }
  const pairs = new Map<string, string>();
  for (const part of initData.split("&")) {
    const eq = part.indexOf("=");
    if (eq <= 0) return { ok: false, reason: "malformed" };
    const key = formDecode(part.slice(0, eq));
    const value = formDecode(part.slice(eq + 1));
    if (key === null || value === null) return { ok: false, reason: "malformed" };
    // A "=" in a key or a newline anywhere would let one pair impersonate others in the
    // newline-joined data-check string; a repeated key makes "which value was signed" ambiguous.
    if (key.length === 0 || key.includes("=") || key.includes("\n") || value.includes("\n")) {
      return { ok: false, reason: "malformed" };
    }
    if (pairs.has(key)) return { ok: false, reason: "malformed" };
    pairs.set(key, value);
  }
  return { ok: true, pairs };
}

/** Sorted `key=value` lines of every pair except the excluded keys, joined with "\n". */
export function dataCheckString(pairs: Map<string, string>, exclude: readonly string[]): string {
  return [...pairs]
    .filter(([k]) => !exclude.includes(k))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("\n");
}

/**
 * Everything checked after the signature: freshness, the user object, start_param.
 * Runs only on authenticated data, so its errors describe Telegram's payload, not an attacker's.
 */
export function readVerifiedFields(
  pairs: Map<string, string>,
  opts: { maxAgeSeconds: number; now: number },
): VerifiedInitData | { ok: false; reason: FieldFailure } {
  const authDateText = pairs.get("auth_date");
  if (authDateText === undefined || !/^\d{1,12}$/.test(authDateText)) return { ok: false, reason: "malformed" };
  const authDate = Number(authDateText);
  const age = opts.now - authDate;
  if (age > opts.maxAgeSeconds || age < -AUTH_DATE_FUTURE_SKEW_SECONDS) return { ok: false, reason: "expired" };

  const userText = pairs.get("user");
  if (userText === undefined) return { ok: false, reason: "missing_user" };
  const user = readUser(userText);
  if (!user) return { ok: false, reason: "malformed" };

  const startParam = pairs.get("start_param") ?? null;
  if (startParam !== null && !START_PARAM.test(startParam)) return { ok: false, reason: "malformed" };

  return { ok: true, user, authDate, startParam, raw: Object.fromEntries(pairs) };
}

function readUser(json: string): TelegramUser | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return null;
  const u = parsed as Record<string, unknown>;
  // Telegram user ids exceed 32 bits but stay within 52 significant bits.
  if (typeof u.id !== "number" || !Number.isSafeInteger(u.id) || u.id <= 0) return null;
  if (typeof u.first_name !== "string") return null;
  const user: TelegramUser = { id: u.id, first_name: u.first_name };
  // Optional fields are copied only with the documented type; anything else is left out.
  if (typeof u.last_name === "string") user.last_name = u.last_name;
  if (typeof u.username === "string") user.username = u.username;
  if (typeof u.language_code === "string") user.language_code = u.language_code;
  if (typeof u.is_premium === "boolean") user.is_premium = u.is_premium;
  if (typeof u.photo_url === "string") user.photo_url = u.photo_url;
  return user;
}
