// Sign-in without a bot token: TBG_TELEGRAM_BOT_ID alone turns on Telegram's Ed25519 check.
import { afterAll, expect, test } from "bun:test";
import { base64urlnopad, hex } from "@scure/base";
import { createHarness } from "./test-harness.ts";
import { verifyTelegram } from "./telegram.ts";

const BOT_ID = 7342037641;
const h = await createHarness({ TBG_TELEGRAM_BOT_TOKEN: "", TBG_TELEGRAM_BOT_ID: String(BOT_ID) });
afterAll(() => h.close());
const client = { ip: "10.0.0.9", userAgent: "test" };

async function signed(privateKey: CryptoKey, botId: number, user = '{"id":99,"first_name":"Zoe"}') {
  const pairs: [string, string][] = [["auth_date", String(Math.floor(h.clock.t / 1000))], ["user", user]];
  const check = [...pairs].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join("\n");
  const sig = new Uint8Array(await crypto.subtle.sign("Ed25519", privateKey, new TextEncoder().encode(`${botId}:WebAppData\n${check}`)));
  return new URLSearchParams([...pairs, ["signature", base64urlnopad.encode(sig)], ["hash", "00"]]).toString();
}

test("initData signed by Telegram's key for our bot signs in; other bots, other keys and tampering do not", async () => {
  expect(h.config.telegram.botToken).toBeUndefined();
  const kp = (await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"])) as CryptoKeyPair;
  const keyHex = hex.encode(new Uint8Array(await crypto.subtle.exportKey("raw", kp.publicKey)));
  const ok = await verifyTelegram(h.accounts.ctx, await signed(kp.privateKey, BOT_ID), client, keyHex);
  expect(ok.user).toMatchObject({ id: 99, first_name: "Zoe" });

  await expect(verifyTelegram(h.accounts.ctx, await signed(kp.privateKey, BOT_ID + 1), client, keyHex)).rejects.toMatchObject({ publicCode: "AUTH_INVALID_INIT_DATA" });
  const tampered = (await signed(kp.privateKey, BOT_ID)).replace("Zoe", "Eve");
  await expect(verifyTelegram(h.accounts.ctx, tampered, client, keyHex)).rejects.toMatchObject({ publicCode: "AUTH_INVALID_INIT_DATA" });
  // With Telegram's real production key, our own key's signature is not Telegram's.
  await expect(verifyTelegram(h.accounts.ctx, await signed(kp.privateKey, BOT_ID), client)).rejects.toMatchObject({ publicCode: "AUTH_INVALID_INIT_DATA" });
});

test("the bot id comes from the bot token when one is set", async () => {
  const t = await createHarness();
  expect(t.config.telegram.botId).toBe(123456789);
  await t.close();
});
