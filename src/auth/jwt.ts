// Access tokens: RS256 JWTs with the claims of seed 003 §10 "JWT Token Structure", 15 minutes.
// Signing keys live in <dataDir>/keys/jwt-<kid>.pem (PKCS#8, mode 0600), made on first start.
// Rotation adds a newer key that signs from then on; older keys stay and keep verifying the
// tokens they signed until the operator deletes their files. kids sort by creation time.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { errors as joseErrors, exportJWK, jwtVerify, SignJWT, decodeProtectedHeader, type JWK } from "jose";

/** Seed 003 §10: access tokens live 15 minutes. */
export const ACCESS_TOKEN_TTL_S = 15 * 60;
const ALG = "RS256";
const KEY_FILE = /^jwt-([0-9]{8}T[0-9]{6}(?:[0-9]{3})?-[0-9a-f]{8})\.pem$/;

export type Role = "user" | "admin";

export interface AccessClaims {
  sub: string;
  btc: string | null;
  iat: number;
  exp: number;
  iss: string;
  aud: string;
  jti: string;
  role: Role;
  /** When the user last proved who they are (seconds), as OIDC's auth_time; kept across refreshes. */
  auth_time?: number;
}

export type VerifyResult = { ok: true; claims: AccessClaims } | { ok: false; code: "AUTH_TOKEN_EXPIRED" | "AUTH_TOKEN_INVALID"; reason: string };

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export class JwtKeys {
  private keys = new Map<string, SigningKey>();
  private current!: SigningKey;

  private constructor(
    private readonly dir: string,
    private readonly opts: { issuer: string; audience: string; now: () => number },
  ) {}

  /** Loads every key in `<dataDir>/keys`, creating the first one when there is none. */
  static open(dataDir: string, opts: { issuer: string; audience: string; now: () => number }): JwtKeys {
    const dir = join(dataDir, "keys");
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const store = new JwtKeys(dir, opts);
    for (const name of readdirSync(dir).sort()) {
      const m = KEY_FILE.exec(name);
      if (!m) continue;
      const privateKey = createPrivateKey(readFileSync(join(dir, name), "utf8"));
      store.add({ kid: m[1]!, privateKey, publicKey: createPublicKey(privateKey) });
    }
    if (store.keys.size === 0) store.rotate();
    return store;
  }

  private add(key: SigningKey): void {
    this.keys.set(key.kid, key);
    if (!this.current || key.kid > this.current.kid) this.current = key;
  }

  /** Makes a new signing key; the previous ones keep verifying. Returns the new kid. */
  rotate(): string {
    // The newest kid must sort last (it becomes the signing key on the next start), also when
    // two keys are made in the same millisecond or the clock went back.
    const suffix = Buffer.from(crypto.getRandomValues(new Uint8Array(4))).toString("hex");
    let t = this.opts.now();
    let kid: string;
    do kid = `${new Date(t++).toISOString().replace(/[-:.Z]/g, "")}-${suffix}`;
    while (this.current !== undefined && kid <= this.current.kid);
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const path = join(this.dir, `jwt-${kid}.pem`);
    writeFileSync(path, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600, flag: "wx" });
    chmodSync(path, 0o600); // the umask may have widened nothing, but make the mode explicit
    this.add({ kid, privateKey, publicKey });
    return kid;
  }

  /** Deletes every key but the current one: tokens they signed stop verifying (a leaked key). Returns the kids removed. */
  retireOld(): string[] {
    const old = this.kids.filter((k) => k !== this.current.kid);
    for (const kid of old) {
      rmSync(join(this.dir, `jwt-${kid}.pem`), { force: true });
      this.keys.delete(kid);
    }
    return old;
  }

  get currentKid(): string {
    return this.current.kid;
  }

  get kids(): string[] {
    return [...this.keys.keys()].sort();
  }

  async sign(claims: { sub: string; btc: string | null; role: Role; jti: string; authTimeMs?: number }): Promise<{ token: string; exp: number }> {
    const iat = Math.floor(this.opts.now() / 1000);
    const exp = iat + ACCESS_TOKEN_TTL_S;
    const authTime = claims.authTimeMs === undefined ? iat : Math.floor(claims.authTimeMs / 1000);
    const token = await new SignJWT({ btc: claims.btc, role: claims.role, auth_time: authTime })
      .setProtectedHeader({ alg: ALG, kid: this.current.kid, typ: "JWT" })
      .setSubject(claims.sub)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .setIssuer(this.opts.issuer)
      .setAudience(this.opts.audience)
      .setJti(claims.jti)
      .sign(this.current.privateKey);
    return { token, exp };
  }

  /** Never throws: a malformed, forged, foreign or expired token is a result. */
  async verify(token: string): Promise<VerifyResult> {
    let kid: string | undefined;
    try {
      const header = decodeProtectedHeader(token);
      if (header.alg !== ALG) return { ok: false, code: "AUTH_TOKEN_INVALID", reason: "unexpected algorithm" };
      kid = header.kid;
    } catch {
      return { ok: false, code: "AUTH_TOKEN_INVALID", reason: "malformed token" };
    }
    const key = kid ? this.keys.get(kid) : undefined;
    if (!key) return { ok: false, code: "AUTH_TOKEN_INVALID", reason: "unknown signing key" };
    try {
      const { payload } = await jwtVerify(token, key.publicKey, {
        algorithms: [ALG],
        issuer: this.opts.issuer,
        audience: this.opts.audience,
        currentDate: new Date(this.opts.now()),
        requiredClaims: ["sub", "jti", "exp", "iat"],
      });
      const role = payload.role === "admin" ? "admin" : "user";
      return {
        ok: true,
        claims: {
          sub: payload.sub!,
          btc: typeof payload.btc === "string" ? payload.btc : null,
          iat: payload.iat!,
          exp: payload.exp!,
          iss: payload.iss!,
          aud: this.opts.audience,
          jti: payload.jti!,
          role,
          ...(typeof payload.auth_time === "number" && Number.isFinite(payload.auth_time) ? { auth_time: payload.auth_time } : {}),
        },
      };
    } catch (e) {
      if (e instanceof joseErrors.JWTExpired) return { ok: false, code: "AUTH_TOKEN_EXPIRED", reason: "token expired" };
      return { ok: false, code: "AUTH_TOKEN_INVALID", reason: e instanceof Error ? e.message : "invalid token" };
    }
  }

  /** Public keys as a JWKS, so other services can verify our tokens. */
  async jwks(): Promise<{ keys: JWK[] }> {
    const keys: JWK[] = [];
    for (const k of this.keys.values()) keys.push({ ...(await exportJWK(k.publicKey)), kid: k.kid, alg: ALG, use: "sig" });
    return { keys };
  }
}
