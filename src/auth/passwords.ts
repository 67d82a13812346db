// Password policy (seed 003 §11 "Password Policy") and hashing (seed 003 §10: argon2id,
// time_cost=3, memory_cost=65536 KiB) through Bun.password.

export const PASSWORD_MIN_LENGTH = 8;
/** Bounds the work an attacker can make argon2 do per request; no passphrase needs more. */
export const PASSWORD_MAX_LENGTH = 128;
/** Seed 003 §11: PASSWORD_MAX_LOGIN_ATTEMPTS / PASSWORD_LOCKOUT_MINUTES. */
export const MAX_LOGIN_FAILURES = 10;
export const LOCKOUT_MS = 15 * 60_000;

export interface HashCost {
  memoryCost: number;
  timeCost: number;
}
export const SEED_COST: HashCost = { memoryCost: 65_536, timeCost: 3 };

/** The reasons a password is refused, empty when it is acceptable. */
export function passwordProblems(password: string): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) problems.push(`at least ${PASSWORD_MIN_LENGTH} characters`);
  if (password.length > PASSWORD_MAX_LENGTH) problems.push(`at most ${PASSWORD_MAX_LENGTH} characters`);
  if (!/[A-Z]/.test(password)) problems.push("an uppercase letter");
  if (!/[a-z]/.test(password)) problems.push("a lowercase letter");
  if (!/[0-9]/.test(password)) problems.push("a digit");
  return problems;
}

export class Passwords {
  private dummy: Promise<string> | null = null;
  constructor(private readonly cost: HashCost = SEED_COST) {}

  hash(password: string): Promise<string> {
    return Bun.password.hash(password, { algorithm: "argon2id", ...this.cost });
  }

  async verify(password: string, hash: string): Promise<boolean> {
    if (password.length > PASSWORD_MAX_LENGTH) return false;
    try {
      return await Bun.password.verify(password, hash);
    } catch {
      return false;
    }
  }

  /** Spends the same time as a real check, so "no such account" is not told apart by timing. */
  async burn(password: string): Promise<void> {
    this.dummy ??= this.hash("not-a-real-password-0A");
    await this.verify(password.slice(0, PASSWORD_MAX_LENGTH), await this.dummy);
  }
}
