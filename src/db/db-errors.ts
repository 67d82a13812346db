// Recognising constraint failures by the engine's error code, never by message text (messages
// change between versions and languages). drizzle may wrap the driver's error: the cause chain
// is searched.
const SQLITE_UNIQUE = new Set(["SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"]);
/** PostgreSQL SQLSTATE unique_violation. */
const PG_UNIQUE = "23505";

export function isUniqueViolation(e: unknown): boolean {
  for (let cur: unknown = e, depth = 0; cur && typeof cur === "object" && depth < 5; cur = (cur as { cause?: unknown }).cause, depth++) {
    const { code, errno } = cur as { code?: unknown; errno?: unknown };
    if (typeof code === "string" && SQLITE_UNIQUE.has(code)) return true;
    // Bun's PostgreSQL client puts the SQLSTATE in errno; other drivers in code.
    if (errno === PG_UNIQUE || code === PG_UNIQUE) return true;
  }
  return false;
}
