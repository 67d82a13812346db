// Opaque pagination cursors: the values of the last row a page ended at (an id, or a sort key
// and an id), carried by the client and handed back. Clients must not build or read them, so
// they are base64url JSON rather than a documented format; a cursor that does not decode to the
// expected shape is a VALIDATION error, never a query with garbage in it.
import { AppError } from "./errors.ts";

export type CursorPart = string | number;
type KindOf<T> = T extends "number" ? number : T extends "string" ? string : never;
type Decoded<K extends readonly ("number" | "string")[]> = { [I in keyof K]: KindOf<K[I]> };

/** Longest cursor accepted; real ones are a few dozen characters. */
export const MAX_CURSOR_LENGTH = 512;

export function encodeCursor(parts: readonly CursorPart[]): string {
  for (const p of parts)
    if (typeof p === "number" && !Number.isFinite(p)) throw new RangeError(`cursor part is not finite: ${p}`);
  return Buffer.from(JSON.stringify(parts), "utf8").toString("base64url");
}

/** The parts of `cursor`, checked against `kinds`; undefined/empty means "first page". */
export function decodeCursor<const K extends readonly ("number" | "string")[]>(cursor: string | null | undefined, kinds: K): Decoded<K> | null {
  if (cursor === undefined || cursor === null || cursor === "") return null;
  const bad = () => new AppError("VALIDATION", "invalid cursor", { details: { field: "cursor" }, reason: "INVALID_CURSOR" });
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw bad();
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw bad();
  }
  if (!Array.isArray(parts) || parts.length !== kinds.length) throw bad();
  kinds.forEach((kind, i) => {
    const v = parts[i];
    if (kind === "number" ? typeof v !== "number" || !Number.isFinite(v) : typeof v !== "string") throw bad();
  });
  return parts as Decoded<K>;
}
