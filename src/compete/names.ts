// What a public board calls a miner. A full Bitcoin address never appears on a public board: a
// miner with a visible profile shows their display name, or the first and last characters of
// their address; a miner who hid their profile shows a stable alias that cannot be turned back
// into their address or account (an HMAC of the user id under this pool's own random salt).
import { base32nopad } from "@scure/base";
import type { BoardUserRow, Repos } from "../db/repos.ts";

/** Where the pool's alias salt is kept (created once, at random). */
export const ALIAS_SALT_KEY = "alias_salt";

/** The pool's namer: its salt read (or made, once) from storage; a failed read is tried again next call. */
export function namerFrom(repos: Repos): () => Promise<Namer> {
  let p: Promise<Namer> | null = null;
  return () =>
    (p ??= repos.ranks
      .initState(ALIAS_SALT_KEY, Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("hex"))
      .then(createNamer)
      .catch((err) => {
        p = null;
        throw err;
      }));
}

/** `bc1qxy…0wlh`: enough to recognise your own address, too little to be it. */
export function shortAddress(address: string): string {
  return address.length <= 12 ? `${address.slice(0, 3)}…` : `${address.slice(0, 6)}…${address.slice(-4)}`;
}

export interface Namer {
  alias(userId: number): string;
  publicName(u: Pick<BoardUserRow, "id" | "btcAddress" | "displayName" | "showProfile">): string;
  /** A country only when the miner shows both their profile and their country. */
  publicCountry(u: Pick<BoardUserRow, "countryCode" | "showProfile" | "showCountry">): string | null;
}

export function createNamer(salt: string): Namer {
  const key = new TextEncoder().encode(salt);
  const cache = new Map<number, string>();
  const alias = (userId: number) => {
    let a = cache.get(userId);
    if (a === undefined) {
      const mac = new Bun.CryptoHasher("sha256", key).update(`alias:${userId}`).digest();
      a = `Miner ${base32nopad.encode(new Uint8Array(mac).subarray(0, 5)).slice(0, 8)}`;
      cache.set(userId, a);
    }
    return a;
  };
  return {
    alias,
    publicName: (u) => (!u.showProfile ? alias(u.id) : u.displayName ? u.displayName : u.btcAddress ? shortAddress(u.btcAddress) : alias(u.id)),
    publicCountry: (u) => (u.showProfile && u.showCountry && u.countryCode ? u.countryCode : null),
  };
}
