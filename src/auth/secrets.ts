// Random secrets handed to users (refresh tokens, API keys, mail links) and the one-way hash that
// is all the database keeps of them. 256 random bits make a fast hash safe here: nothing can be
// guessed, so a slow hash would only cost every request.
import { base64urlnopad } from "@scure/base";

export function randomToken(bytes = 32): string {
  return base64urlnopad.encode(crypto.getRandomValues(new Uint8Array(bytes)));
}

export function sha256Hex(value: string): string {
  return new Bun.CryptoHasher("sha256").update(value).digest("hex");
}

/** Constant-time string comparison for secrets of equal length. */
export function safeEqual(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  if (x.length !== y.length) return false;
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i]! ^ y[i]!;
  return diff === 0;
}
