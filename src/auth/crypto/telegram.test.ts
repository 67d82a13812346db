import { describe, expect, test } from "bun:test";
import { createHmac } from "node:crypto";
import { base64urlnopad, hex } from "@scure/base";
import vectors from "./fixtures/telegram-init-data.json";
import {
  MAX_INIT_DATA_CHARS,
  TELEGRAM_PUBLIC_KEY_PRODUCTION,
  TELEGRAM_PUBLIC_KEY_TEST,
  verifyInitData,
  verifyInitDataThirdParty,
} from "./telegram.ts";

const BOT_TOKEN = "7000000001:AAExampleTokenForTheBitcoinGameTests0";
const BOT_ID = 7000000001;
const NOW = 1_760_000_000;
const DAY = 86_400;

const USER = { id: 5_000_131_393, first_name: "Satoshi", last_name: "N", username: "satoshi", language_code: "en", is_premium: true };

// Signing exactly as Telegram does: data-check string of the decoded pairs sorted by key.
const checkString = (pairs: [string, string][], exclude: string[]) =>
  pairs
    .filter(([k]) => !exclude.includes(k))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("\n");

function hmacHash(pairs: [string, string][], token = BOT_TOKEN): string {
  const secret = createHmac("sha256", "WebAppData").update(token).digest();
  return createHmac("sha256", secret).update(checkString(pairs, ["hash"])).digest("hex");
}

const encode = (pairs: [string, string][]) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");

type Fields = { auth_date?: number; user?: object | string | null; start_param?: string; extra?: [string, string][] };

function basePairs(f: Fields = {}): [string, string][] {
  const pairs: [string, string][] = [["query_id", "AAHdF6IQAAAAAN0XohDhrOrc"]];
  if (f.user !== null) pairs.push(["user", typeof f.user === "string" ? f.user : JSON.stringify(f.user ?? USER)]);
  pairs.push(["auth_date", String(f.auth_date ?? NOW - 60)]);
  if (f.start_param !== undefined) pairs.push(["start_param", f.start_param]);
  pairs.push(...(f.extra ?? []));
  return pairs;
}

/** initData as a bot receives it: fields, then hash over them (signature included when present). */
function signed(f: Fields = {}, token = BOT_TOKEN): string {
  const pairs = basePairs(f);
  return encode([...pairs, ["hash", hmacHash(pairs, token)]]);
}

const opts = { botToken: BOT_TOKEN, maxAgeSeconds: DAY, now: NOW };

describe("verifyInitData with published Telegram-signed examples", () => {
  for (const v of vectors.hmac) {
    test(v.description, () => {
      const r = verifyInitData(v.initData, { botToken: v.botToken, maxAgeSeconds: DAY, now: v.authDate + 5 });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.user.id).toBe(v.userId);
      expect(r.user.first_name).toBe(v.firstName);
      expect(r.authDate).toBe(v.authDate);
    });
  }

  test("the modern example fails when signature is left out of the data-check string", () => {
    const v = vectors.hmac[1]!;
    const withoutSignature = v.initData.replace(/&signature=[^&]*/, "");
    expect(verifyInitData(withoutSignature, { botToken: v.botToken, maxAgeSeconds: DAY, now: v.authDate })).toEqual({
      ok: false,
      reason: "bad_hash",
    });
  });

  test("another bot's token does not verify", () => {
    const v = vectors.hmac[0]!;
    expect(verifyInitData(v.initData, { ...opts, now: v.authDate })).toEqual({ ok: false, reason: "bad_hash" });
  });
});

describe("verifyInitData with initData signed here like Telegram signs it", () => {
  test("valid data yields the user, auth date, start param and raw pairs", () => {
    const r = verifyInitData(signed({ start_param: "ref_abc-123" }), opts);
    expect(r).toEqual({
      ok: true,
      user: USER,
      authDate: NOW - 60,
      startParam: "ref_abc-123",
      raw: expect.objectContaining({ query_id: "AAHdF6IQAAAAAN0XohDhrOrc", auth_date: String(NOW - 60) }),
    });
  });

  test("the signature field is part of the HMAC", () => {
    const pairs = basePairs({ extra: [["signature", "c2lnbmF0dXJl"]] });
    const good = encode([...pairs, ["hash", hmacHash(pairs)]]);
    expect(verifyInitData(good, opts).ok).toBe(true);
    const hashWithoutSignature = hmacHash(pairs.filter(([k]) => k !== "signature"));
    expect(verifyInitData(encode([...pairs, ["hash", hashWithoutSignature]]), opts)).toEqual({ ok: false, reason: "bad_hash" });
  });

  test("a tampered field, a wrong token and an altered hash are rejected", () => {
    const data = signed();
    expect(verifyInitData(data.replace("Satoshi", "Hal"), opts)).toEqual({ ok: false, reason: "bad_hash" });
    expect(verifyInitData(data, { ...opts, botToken: BOT_TOKEN + "x" })).toEqual({ ok: false, reason: "bad_hash" });
    const hash = data.slice(-64);
    const flipped = hash.slice(0, 63) + (hash[63] === "0" ? "1" : "0");
    expect(verifyInitData(data.slice(0, -64) + flipped, opts)).toEqual({ ok: false, reason: "bad_hash" });
    expect(verifyInitData(data.slice(0, -64) + "zz".repeat(32), opts)).toEqual({ ok: false, reason: "bad_hash" });
    expect(verifyInitData(data.slice(0, -2), opts)).toEqual({ ok: false, reason: "bad_hash" });
  });

  test("uppercase hex in the hash is the same hash", () => {
    const data = signed();
    expect(verifyInitData(data.slice(0, -64) + data.slice(-64).toUpperCase(), opts).ok).toBe(true);
  });

  test("freshness: exactly max age passes, one second more is expired, far future is refused", () => {
    expect(verifyInitData(signed({ auth_date: NOW - DAY }), opts).ok).toBe(true);
    expect(verifyInitData(signed({ auth_date: NOW - DAY - 1 }), opts)).toEqual({ ok: false, reason: "expired" });
    expect(verifyInitData(signed({ auth_date: NOW + 30 }), opts).ok).toBe(true);
    expect(verifyInitData(signed({ auth_date: NOW + 3600 }), opts)).toEqual({ ok: false, reason: "expired" });
  });

  test("missing or empty hash", () => {
    const pairs = basePairs();
    expect(verifyInitData(encode(pairs), opts)).toEqual({ ok: false, reason: "missing_hash" });
    expect(verifyInitData(encode([...pairs, ["hash", ""]]), opts)).toEqual({ ok: false, reason: "missing_hash" });
  });

  test("duplicated keys are malformed even when one copy is the signed one", () => {
    const data = signed();
    expect(verifyInitData(`${data}&user=${encodeURIComponent(JSON.stringify({ id: 1, first_name: "Eve" }))}`, opts)).toEqual({
      ok: false,
      reason: "malformed",
    });
    expect(verifyInitData(`user=x&${data}`, opts)).toEqual({ ok: false, reason: "malformed" });
    expect(verifyInitData(`${data}&hash=${data.slice(-64)}`, opts)).toEqual({ ok: false, reason: "malformed" });
  });

  test("hostile URL-encoding is malformed, never a crash", () => {
    const data = signed();
    for (const hostile of [
      `${data}&x=%E0%A4%A`, // truncated UTF-8 escape
      `${data}&x=%`, // bare percent
      `${data}&x=%ZZ`, // not hex
      `${data}&x=%ED%A0%80`, // lone surrogate
      `${data}&a%3Db=c`, // "=" inside a key would read as another pair in the check string
      `${data}&x=1%0Auser%3D%7B%7D`, // newline inside a value forges a line
      `${data}&x%0Ay=1`, // newline inside a key
      `${data}&&x=1`, // empty pair
      `${data}&novalue`, // pair without "="
      `=1&${data}`, // empty key
      "",
      "&",
      `${data}&pad=${"x".repeat(MAX_INIT_DATA_CHARS)}`, // oversized, otherwise well formed
    ]) {
      expect(verifyInitData(hostile, opts)).toEqual({ ok: false, reason: "malformed" });
    }
    expect(verifyInitData(null as unknown as string, opts)).toEqual({ ok: false, reason: "malformed" });
  });

  test("form encoding: '+' is a space, as in Telegram's own script", () => {
    const pairs = basePairs({ user: { id: 7, first_name: "Ada Lovelace" } });
    const data = encode([...pairs, ["hash", hmacHash(pairs)]]).replace("Ada%20Lovelace", "Ada+Lovelace");
    expect(data).toContain("Ada+Lovelace");
    const r = verifyInitData(data, opts);
    expect(r.ok && r.user.first_name).toBe("Ada Lovelace");
  });

  test("signed data without a user, or with an unusable user, is refused", () => {
    expect(verifyInitData(signed({ user: null }), opts)).toEqual({ ok: false, reason: "missing_user" });
    for (const user of ["not json", "[]", "null", { first_name: "No id" }, { id: "5", first_name: "x" }, { id: 1.5, first_name: "x" }, { id: 5 }]) {
      expect(verifyInitData(signed({ user }), opts)).toEqual({ ok: false, reason: "malformed" });
    }
  });

  test("only documented user fields with documented types are returned", () => {
    const r = verifyInitData(signed({ user: { id: 9, first_name: "A", is_premium: "yes", username: "a", allows_write_to_pm: true } }), opts);
    expect(r.ok && r.user).toEqual({ id: 9, first_name: "A", username: "a" });
  });

  test("start_param must match [A-Za-z0-9_-]{0,512}", () => {
    expect(verifyInitData(signed({ start_param: "" }), opts)).toMatchObject({ ok: true, startParam: "" });
    expect(verifyInitData(signed({ start_param: "a".repeat(512) }), opts).ok).toBe(true);
    for (const bad of ["a".repeat(513), "ref code", "ref/../x", "<script>"]) {
      expect(verifyInitData(signed({ start_param: bad }), opts)).toEqual({ ok: false, reason: "malformed" });
    }
  });

  test("auth_date must be a plain integer", () => {
    for (const authDate of ["", "1e9", "-5", "12.5", "0x10"]) {
      const pairs = basePairs().map(([k, v]): [string, string] => (k === "auth_date" ? [k, authDate] : [k, v]));
      expect(verifyInitData(encode([...pairs, ["hash", hmacHash(pairs)]]), opts)).toEqual({ ok: false, reason: "malformed" });
    }
  });
});

describe("verifyInitDataThirdParty", () => {
  test("Telegram's production key verifies the published example; the test key does not", async () => {
    const v = vectors.thirdParty[0]!;
    const base = { botId: v.botId, maxAgeSeconds: DAY, now: v.authDate + 5 };
    const r = await verifyInitDataThirdParty(v.initData, { ...base, publicKeyHex: TELEGRAM_PUBLIC_KEY_PRODUCTION });
    expect(r.ok && r.user.id).toBe(v.userId);
    expect(await verifyInitDataThirdParty(v.initData, { ...base, publicKeyHex: TELEGRAM_PUBLIC_KEY_TEST })).toEqual({
      ok: false,
      reason: "bad_signature",
    });
    expect(await verifyInitDataThirdParty(v.initData, { ...base, botId: v.botId + 1, publicKeyHex: TELEGRAM_PUBLIC_KEY_PRODUCTION })).toEqual({
      ok: false,
      reason: "bad_signature",
    });
  });

  async function keypair() {
    const kp = (await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"])) as CryptoKeyPair;
    const publicKeyHex = hex.encode(new Uint8Array(await crypto.subtle.exportKey("raw", kp.publicKey)));
    return { privateKey: kp.privateKey, publicKeyHex };
  }

  async function signedThirdParty(privateKey: CryptoKey, f: Fields = {}, botId = BOT_ID): Promise<string> {
    const pairs = basePairs(f);
    const message = new TextEncoder().encode(`${botId}:WebAppData\n${checkString(pairs, ["hash", "signature"])}`);
    const signature = base64urlnopad.encode(new Uint8Array(await crypto.subtle.sign("Ed25519", privateKey, message)));
    const withSignature: [string, string][] = [...pairs, ["signature", signature]];
    return encode([...withSignature, ["hash", hmacHash(withSignature)]]);
  }

  test("accepts data signed by the key, rejects tampering, other bots and other keys", async () => {
    const { privateKey, publicKeyHex } = await keypair();
    const other = await keypair();
    const o = { botId: BOT_ID, publicKeyHex, maxAgeSeconds: DAY, now: NOW };
    const data = await signedThirdParty(privateKey, { start_param: "abc" });
    expect(await verifyInitDataThirdParty(data, o)).toMatchObject({ ok: true, user: USER, startParam: "abc" });
    // hash is outside the Ed25519 message: replacing it changes nothing.
    expect((await verifyInitDataThirdParty(data.replace(/hash=[0-9a-f]+/, "hash=00"), o)).ok).toBe(true);
    expect(await verifyInitDataThirdParty(data.replace("Satoshi", "Hal"), o)).toEqual({ ok: false, reason: "bad_signature" });
    expect(await verifyInitDataThirdParty(data, { ...o, botId: BOT_ID + 1 })).toEqual({ ok: false, reason: "bad_signature" });
    expect(await verifyInitDataThirdParty(data, { ...o, publicKeyHex: other.publicKeyHex })).toEqual({ ok: false, reason: "bad_signature" });
  });

  test("missing, padded or wrong-length signatures", async () => {
    const { privateKey, publicKeyHex } = await keypair();
    const o = { botId: BOT_ID, publicKeyHex, maxAgeSeconds: DAY, now: NOW };
    const data = await signedThirdParty(privateKey);
    expect(await verifyInitDataThirdParty(data.replace(/&signature=[^&]*/, ""), o)).toEqual({ ok: false, reason: "missing_signature" });
    expect(await verifyInitDataThirdParty(data.replace(/(signature=[^&]*)/, "$1%3D%3D"), o)).toEqual({ ok: false, reason: "bad_signature" });
    expect(await verifyInitDataThirdParty(data.replace(/signature=[^&]*/, "signature=AAAA"), o)).toEqual({ ok: false, reason: "bad_signature" });
    expect(await verifyInitDataThirdParty(data.replace(/signature=[^&]*/, "signature=!!"), o)).toEqual({ ok: false, reason: "bad_signature" });
  });

  test("freshness, user and parsing rules apply after the signature", async () => {
    const { privateKey, publicKeyHex } = await keypair();
    const o = { botId: BOT_ID, publicKeyHex, maxAgeSeconds: 300, now: NOW };
    expect(await verifyInitDataThirdParty(await signedThirdParty(privateKey, { auth_date: NOW - 301 }), o)).toEqual({ ok: false, reason: "expired" });
    expect(await verifyInitDataThirdParty(await signedThirdParty(privateKey, { user: null }), o)).toEqual({ ok: false, reason: "missing_user" });
    const data = await signedThirdParty(privateKey);
    expect(await verifyInitDataThirdParty(`${data}&user=x`, o)).toEqual({ ok: false, reason: "malformed" });
  });

  test("a public key that is not 32 bytes of hex is reported as such", async () => {
    const data = await signedThirdParty((await keypair()).privateKey);
    for (const publicKeyHex of ["", "abcd", "zz".repeat(32), TELEGRAM_PUBLIC_KEY_PRODUCTION + "00"]) {
      expect(await verifyInitDataThirdParty(data, { botId: BOT_ID, publicKeyHex, maxAgeSeconds: DAY, now: NOW })).toEqual({
        ok: false,
        reason: "bad_public_key",
      });
    }
  });
});
