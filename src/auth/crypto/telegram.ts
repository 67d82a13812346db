// Telegram Mini App authentication: proves that an `initData` string was issued by Telegram for
// our bot (HMAC with the bot token) or, without the token, by Telegram itself (Ed25519).
// Never trust `initDataUnsafe`; the page sends the raw string and these functions decide.
import { createHmac, timingSafeEqual } from "node:crypto";
import { base64urlnopad, hex } from "@scure/base";
import {
  dataCheckString,
  type InitDataFailure,
  parseInitData,
  readVerifiedFields,
  type TelegramUser,
  type VerifiedInitData,
} from "./telegram-init-data.ts";

export type { InitDataFailure, TelegramUser, VerifiedInitData };
export { MAX_INIT_DATA_CHARS } from "./telegram-init-data.ts";

export type InitDataResult = VerifiedInitData | { ok: false; reason: InitDataFailure };

export type ThirdPartyFailure =
  | "missing_signature"
  | "bad_signature"
  | "bad_public_key"
  | "expired"
  | "malformed"
  | "missing_user";

export type ThirdPartyResult = VerifiedInitData | { ok: false; reason: ThirdPartyFailure };

/**
 * Telegram's Ed25519 keys for third-party validation, as published in the Mini Apps
 * documentation ("Validating data for Third-Party Use"): one for production, one for the
 * test environment.
 */
export const TELEGRAM_PUBLIC_KEY_PRODUCTION = "e7bf03a2fa4602af4580703d88dda5bb59f32ed8b02a56c187fe7d34caed242d";
export const TELEGRAM_PUBLIC_KEY_TEST = "40055058a4ee38156a06562e52eece92a771bcd8346a8c4615cb7376eddf72ec";

/** Libraries (and Telegram's own examples) default to one day. */
export const DEFAULT_MAX_AGE_SECONDS = 24 * 60 * 60;

const WEB_APP_DATA = "WebAppData";
const HMAC_HEX_CHARS = 64;
const ED25519_SIGNATURE_BYTES = 64;
const ED25519_PUBLIC_KEY_HEX_CHARS = 64;

/**
 * Bot-token check: secret = HMAC_SHA256(key "WebAppData", bot_token);
 * hash = hex(HMAC_SHA256(key secret, data-check string)), where the data-check string is every
 * pair except `hash` — the `signature` field stays in. Never throws.
 */
export function verifyInitData(
  initData: string,
  opts: { botToken: string; maxAgeSeconds: number; now: number },
): InitDataResult {
  const parsed = parseInitData(initData);
  if (!parsed.ok) return parsed;
  const received = parsed.pairs.get("hash");
  if (received === undefined || received === "") return { ok: false, reason: "missing_hash" };
  if (received.length !== HMAC_HEX_CHARS || !/^[0-9a-f]+$/i.test(received)) return { ok: false, reason: "bad_hash" };

  const secret = createHmac("sha256", WEB_APP_DATA).update(opts.botToken).digest();
  const expected = createHmac("sha256", secret).update(dataCheckString(parsed.pairs, ["hash"])).digest();
  if (!timingSafeEqual(expected, Buffer.from(received, "hex"))) return { ok: false, reason: "bad_hash" };

  return readVerifiedFields(parsed.pairs, opts);
}

const importedKeys = new Map<string, Promise<CryptoKey | null>>();

/** Imports (once per key) a raw 32-byte Ed25519 public key given in hex; null if it is not one. */
function importEd25519(publicKeyHex: string): Promise<CryptoKey | null> {
  const normalized = publicKeyHex.toLowerCase();
  let key = importedKeys.get(normalized);
  if (!key) {
    key = (async () => {
      if (normalized.length !== ED25519_PUBLIC_KEY_HEX_CHARS || !/^[0-9a-f]+$/.test(normalized)) return null;
      try {
        return await crypto.subtle.importKey("raw", new Uint8Array(hex.decode(normalized)), { name: "Ed25519" }, false, ["verify"]);
      } catch {
        return null;
      }
    })();
    importedKeys.set(normalized, key);
  }
  return key;
}

/**
 * Third-party check (no bot token): Ed25519 by Telegram over
 * "<bot_id>:WebAppData\n" + the data-check string without `hash` and `signature`;
 * `signature` is base64url without padding. Resolves, never rejects.
 */
export async function verifyInitDataThirdParty(
  initData: string,
  opts: { botId: number; publicKeyHex: string; maxAgeSeconds: number; now: number },
): Promise<ThirdPartyResult> {
  const key = await importEd25519(opts.publicKeyHex);
  if (!key) return { ok: false, reason: "bad_public_key" };
  const parsed = parseInitData(initData);
  if (!parsed.ok) return parsed;
  const received = parsed.pairs.get("signature");
  if (received === undefined || received === "") return { ok: false, reason: "missing_signature" };
  let signature: Uint8Array<ArrayBuffer>;
  try {
    signature = new Uint8Array(base64urlnopad.decode(received));
  } catch {
    return { ok: false, reason: "bad_signature" };
  }
  if (signature.length !== ED25519_SIGNATURE_BYTES) return { ok: false, reason: "bad_signature" };

  const message = `${opts.botId}:${WEB_APP_DATA}\n${dataCheckString(parsed.pairs, ["hash", "signature"])}`;
  let valid: boolean;
  try {
    valid = await crypto.subtle.verify("Ed25519", key, signature, new TextEncoder().encode(message));
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, reason: "bad_signature" };

  return readVerifiedFields(parsed.pairs, opts);
}
