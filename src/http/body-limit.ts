// Request bodies are small here: JSON API calls and page forms. Parsing happens on the thread
// that also answers stratum shares, so a large or deeply nested body must be refused before it
// is read or parsed, not after (one 100 MB POST once stalled share replies for seconds).
//   1. onRequest: a Content-Length above the route's limit gets 413 before a byte is read.
//   2. The parser reads at most the limit (chunked bodies have no Content-Length) and stops.
//   3. JSON nesting is counted with a flat scan before JSON.parse ever sees the text.
//   4. Bun's maxRequestBodySize is the backstop for anything else that reads a body: above it
//      the server itself answers a bare 413 and closes the connection, before the app runs.
import { parseQuery } from "elysia/parse-query";
import { ApiError } from "./errors.ts";

const KiB = 1024;

/** Largest body per route group, first matching prefix wins. Keep README "Limits" in step. */
export const BODY_LIMITS: readonly { prefix: string; bytes: number; what: string }[] = [
  // JSON API: the largest legitimate field is Telegram initData (≤ 16 KiB) or a signature.
  { prefix: "/api/", bytes: 64 * KiB, what: "JSON API" },
  // Page forms (sign-in, account, admin): a few short fields, initData at most.
  { prefix: "/", bytes: 32 * KiB, what: "page forms" },
];

/** Server-wide cap handed to Bun.serve (maxRequestBodySize). */
export const SERVER_MAX_BODY_BYTES = 1024 * KiB;

/** Deeper JSON than this is refused; no body of ours nests more than 3 levels. */
export const MAX_JSON_DEPTH = 32;

export function bodyLimitFor(pathname: string): number {
  for (const l of BODY_LIMITS) if (pathname.startsWith(l.prefix)) return l.bytes;
  return BODY_LIMITS[BODY_LIMITS.length - 1]!.bytes;
}

export const tooLarge = (limit: number) =>
  new ApiError(413, "PAYLOAD_TOO_LARGE", `The request body is larger than ${limit} bytes`, { limit_bytes: limit }, { connection: "close" });

/** The 413 for a declared Content-Length over the limit; null when the declaration is acceptable. */
export function checkDeclaredLength(request: Request): ApiError | null {
  const raw = request.headers.get("content-length");
  if (raw === null) return null;
  const limit = bodyLimitFor(new URL(request.url).pathname);
  // Not a plain number is as suspicious as too large; Bun refuses most of those already.
  if (!/^\d{1,15}$/.test(raw.trim())) return new ApiError(400, "BAD_CONTENT_LENGTH", "Content-Length is not a number");
  return Number(raw) > limit ? tooLarge(limit) : null;
}

/** Reads the body up to `limit` bytes; throws 413 as soon as more arrives (and stops reading). */
export async function readCapped(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      void reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    parts.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** Nesting depth of JSON text, counted without recursion; brackets inside strings do not count. */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > max) return true;
    } else if (c === 93 || c === 125) depth--;
  }
  return false;
}

const malformed = () => new ApiError(400, "MALFORMED_BODY", "The request body could not be parsed");

/**
 * Elysia parse hook for every route: bounded read, then JSON, form or text. Returns undefined
 * for other content types, which no route of ours accepts (Elysia then parses nothing useful).
 */
export async function parseBody(request: Request): Promise<unknown> {
  // Nothing to read: undefined lets Elysia carry on as without this hook.
  if (!request.body) return undefined;
  const contentType = request.headers.get("content-type") ?? "";
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  const limit = bodyLimitFor(new URL(request.url).pathname);
  if (type === "application/json" || type.endsWith("+json")) {
    const text = new TextDecoder().decode(await readCapped(request, limit));
    // Empty: Elysia's own JSON step then decides (an optional body stays absent, else 400).
    if (text.trim() === "") return undefined;
    if (jsonDepthExceeds(text, MAX_JSON_DEPTH))
      throw new ApiError(400, "BODY_TOO_DEEP", `JSON nested deeper than ${MAX_JSON_DEPTH} levels is not accepted`, { max_depth: MAX_JSON_DEPTH });
    try {
      return JSON.parse(text);
    } catch {
      throw malformed();
    }
  }
  if (type === "application/x-www-form-urlencoded") return parseQuery(new TextDecoder().decode(await readCapped(request, limit)));
  if (type === "text/plain") return new TextDecoder().decode(await readCapped(request, limit));
  if (type === "multipart/form-data") {
    // Fields as plain strings: Elysia's own multipart parser would JSON.parse values that look
    // like JSON, an unbounded-depth parse this hook exists to prevent.
    const bytes = await readCapped(request, limit);
    let form: FormData;
    try {
      form = await new Response(bytes, { headers: { "content-type": contentType } }).formData();
    } catch {
      throw malformed();
    }
    const out: Record<string, string> = Object.create(null);
    for (const [k, v] of form) if (typeof v === "string" && !(k in out)) out[k] = v;
    return out;
  }
  // Anything else (octet-stream, unknown types) is drained up to the limit and ignored.
  await readCapped(request, limit);
  return null;
}
