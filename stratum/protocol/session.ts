// One miner's Stratum V1 session: the method state machine. Knows methods, never sockets:
// it writes text through `io` and is fed one complete line at a time, in arrival order.
import { normalizeDifficulty, difficultyJson, parseDifficulty } from "./difficulty.ts";
import { ERROR_TEXT, type Reject, StratumError } from "./errors.ts";
import { EXTRANONCE2_SIZE, extranonce1Hex } from "./extranonce.ts";
import { errorLine, isPlainId, notificationLine, parseRequest, resultLine, trueLine, TRUE_HEAD_BYTES, TRUE_TAIL_BYTES, type RequestId } from "./messages.ts";
import { isReject, parseSubmit, type SubmitParams } from "./submit.ts";
import { newFastSubmit, scanSubmit } from "./fast-submit.ts";
import { dropJob, holdJob, RecentRejects, shareKey } from "./seen.ts";
import { newVardiffState, recordShare, retarget, type VardiffState } from "./vardiff.ts";
import type { SessionHost, SessionJob, ShareOutcome } from "./host.ts";
import { MAX_AUTHORIZE_PER_CONNECTION, MAX_WORKER_NAME, MAX_WORKERS_PER_CONNECTION, RejectWindow } from "./limits.ts";

export interface SessionIO {
  readonly ip: string;
  write(text: string): void;
  /** Writes `head`, the decimal digits of `n` (a safe non-negative integer), `tail`: a reply
   * built without a string. */
  writeAround(head: Uint8Array, n: number, tail: Uint8Array): void;
  close(reason: string): void;
  /** The peer subscribed: it is a miner, and the connection's handshake deadline no longer applies. */
  markEstablished(): void;
}

/** Jobs a session remembers; older ones answer "job not found". Covers several templates. */
const MAX_JOBS = 8;
const MAX_USER_AGENT = 128;
/** The submit scanSubmit reads into: one for the thread, as lines are handled one at a time. */
const fast = newFastSubmit();

export type DiffReason = "start" | "vardiff" | "suggested" | "password";

export class Session {
  /** Assigned at subscribe (a resume id may pick it); -1 before. */
  extranonce1 = -1;
  extranonce1Hex = "";
  subscribed = false;
  authorized = false;
  address = "";
  worker = "";
  payoutScript: Uint8Array | null = null;
  userAgent = "";
  /** Negotiated BIP 310 mask; 0 when the miner did not configure version rolling. */
  versionMask = 0;
  difficulty: number;
  /** Floor from mining.suggest_difficulty (clamped), 0 when none. */
  floor = 0;
  /** `d=` in the password pins the difficulty; vardiff leaves it alone. */
  fixedDifficulty = false;
  /** Whether vardiff has moved this session yet (a later suggest then only acts as a floor). */
  retargeted = false;
  vardiff: VardiffState;
  /** By job number (the id as issued, read as hex: ./submit.ts). */
  readonly jobs = new Map<number, SessionJob>();
  lastJob: SessionJob | null = null;
  connectedAt: number;
  accepted = 0;
  rejected = 0;
  best = 0;
  extranonceSubscribed = false;
  private authorizeRequests = 0;
  /** address.worker names this connection authorized (MAX_WORKERS_PER_CONNECTION): the first
   * as a string, a Set only once a second one comes (nearly every miner has one name). */
  private firstName = "";
  private names: Set<string> | null = null;
  private readonly rejectWindow: RejectWindow;
  private workScheduled = false;
  /** Keys of this session's last low-difficulty shares (./seen.ts); made at the first one. */
  private recentRejects: RecentRejects | null = null;
  private sentDifficulty = -1;
  private closed = false;

  constructor(
    readonly io: SessionIO,
    private readonly host: SessionHost,
  ) {
    const now = host.now();
    this.connectedAt = now;
    this.vardiff = newVardiffState(now);
    this.difficulty = host.cfg.startDiff;
    this.rejectWindow = new RejectWindow(now);
  }

  get id(): string {
    return this.extranonce1Hex;
  }

  /** The connection's line handler is the session itself (no closures per connection). */
  onLine(line: string): void {
    this.handle(line);
  }

  /** A mining.submit in its plain shape is handled from the bytes (./fast-submit.ts); false
   * sends the line to onLine. */
  onLineBytes(bytes: Uint8Array, start: number, end: number): boolean {
    if (!scanSubmit(bytes, start, end, fast, EXTRANONCE2_SIZE)) return false;
    if (this.admits(fast.id)) this.judge(fast.id, fast);
    return true;
  }

  onClose(reason: string): void {
    this.close(reason);
  }

  handle(line: string): void {
    const req = parseRequest(line);
    if (!req.ok) {
      // Malformed JSON cannot be answered meaningfully (no id); the peer is not a miner.
      if (req.reason === "malformed JSON") {
        this.io.write(errorLine(null, StratumError.Other, req.reason));
        return this.io.close(req.reason);
      }
      return this.io.write(errorLine(req.id, StratumError.Other, req.reason));
    }
    const { id, method, params } = req;
    // mining.submit first: it is nearly every line a pool receives.
    switch (method) {
      case "mining.submit":
        return this.submit(id, params);
      case "mining.subscribe":
        return this.subscribe(id, params);
      case "mining.authorize":
        return this.authorize(id, params);
      case "mining.configure":
        return this.configure(id, params);
      case "mining.suggest_difficulty":
        return this.suggestDifficulty(id, params);
      case "mining.extranonce.subscribe":
        // Answered so miners that wait for it proceed. A session's extranonce1 never changes
        // (a resume gets the same one back), so no mining.set_extranonce ever follows.
        this.extranonceSubscribed = true;
        return this.writeTrue(id);
      default:
        return this.io.write(errorLine(id, StratumError.Other, `unknown method ${method}`));
    }
  }

  private configure(id: RequestId, params: unknown[]): void {
    const [extensions, options] = params;
    if (!Array.isArray(extensions)) return this.io.write(errorLine(id, StratumError.Other, "configure needs an extension list"));
    const opts = (typeof options === "object" && options !== null ? options : {}) as Record<string, unknown>;
    const parts: string[] = [];
    for (const ext of extensions) {
      if (typeof ext !== "string") continue;
      if (ext === "version-rolling") {
        const asked = opts["version-rolling.mask"];
        const minerMask = typeof asked === "string" && /^[0-9a-fA-F]{1,8}$/.test(asked) ? Number.parseInt(asked, 16) >>> 0 : 0xffffffff;
        this.versionMask = (this.host.cfg.versionMask & minerMask) >>> 0;
        parts.push(`"version-rolling":true`, `"version-rolling.mask":"${this.versionMask.toString(16).padStart(8, "0")}"`);
      } else {
        // BIP 310: every extension the pool does not support is answered false, not ignored.
        parts.push(`${JSON.stringify(ext)}:false`);
      }
    }
    this.io.write(resultLine(id, `{${parts.join(",")}}`));
  }

  private subscribe(id: RequestId, params: unknown[]): void {
    if (this.subscribed) {
      return this.io.write(resultLine(id, this.subscribeResult()));
    }
    const ua = params[0];
    if (typeof ua === "string") this.userAgent = ua.slice(0, MAX_USER_AGENT);
    const resume = typeof params[1] === "string" ? params[1] : undefined;
    const en1 = this.host.allocateExtranonce1(resume);
    this.extranonce1 = en1;
    this.extranonce1Hex = extranonce1Hex(en1);
    this.subscribed = true;
    this.io.markEstablished();
    this.io.write(resultLine(id, this.subscribeResult()));
    if (this.authorized) this.scheduleWork();
  }

  private subscribeResult(): string {
    const sid = this.extranonce1Hex;
    return `[[["mining.set_difficulty","${sid}"],["mining.notify","${sid}"]],"${sid}",${EXTRANONCE2_SIZE}]`;
  }

  private authorize(id: RequestId, params: unknown[]): void {
    const [user, password] = params;
    if (++this.authorizeRequests > MAX_AUTHORIZE_PER_CONNECTION) {
      return this.cut(id, "authorize", `too many mining.authorize on one connection (limit ${MAX_AUTHORIZE_PER_CONNECTION})`);
    }
    if (typeof user !== "string" || user.length === 0) {
      return this.io.write(errorLine(id, StratumError.Unauthorized, "username must be a payout address, optionally .worker"));
    }
    const dot = user.indexOf(".");
    const address = (dot === -1 ? user : user.slice(0, dot)).trim();
    const worker = (dot === -1 ? "" : user.slice(dot + 1)).trim() || "default";
    if (worker.length > MAX_WORKER_NAME) {
      return this.io.write(errorLine(id, StratumError.Unauthorized, `worker name longer than ${MAX_WORKER_NAME} characters`));
    }
    const checked = this.host.checkAddress(address);
    if (!checked.ok) {
      // A ban is not a typo in the address: say only that, so the miner's owner is not sent looking for one.
      const text = checked.banned ? checked.reason : `invalid payout address ${JSON.stringify(address)}: ${checked.reason}`;
      return this.io.write(errorLine(id, StratumError.Unauthorized, text));
    }
    const wasAuthorized = this.authorized;
    const changed = this.address !== address || this.worker !== worker;
    const name = `${address}.${worker}`;
    if (!this.hasName(name)) {
      if (this.nameCount() >= MAX_WORKERS_PER_CONNECTION) {
        return this.cut(id, "authorize", `too many workers on one connection (limit ${MAX_WORKERS_PER_CONNECTION})`);
      }
      // Only a name the pool does not know yet can hit the per-address cap.
      if (!this.host.workerAllowed(address, worker)) {
        return this.io.write(errorLine(id, StratumError.Unauthorized, this.host.workerLimitReason));
      }
      this.addName(name);
    }
    if (wasAuthorized && changed) this.host.onDeauthorized(this, "re-authorized");
    this.address = address;
    this.worker = worker;
    this.payoutScript = checked.script;
    this.authorized = true;
    if (typeof password === "string") {
      const fixed = /(?:^|[\s,;])d=([0-9.eE+-]+)/.exec(password);
      const d = fixed ? parseDifficulty(fixed[1]) : null;
      if (d !== null) {
        this.fixedDifficulty = true;
        this.setDifficulty(d, "password");
      }
    }
    this.writeTrue(id);
    if (!wasAuthorized || changed) this.host.onAuthorized(this);
    if (this.subscribed) this.scheduleWork();
  }

  private hasName(name: string): boolean {
    return this.names !== null ? this.names.has(name) : this.firstName === name;
  }

  private nameCount(): number {
    return this.names !== null ? this.names.size : this.firstName === "" ? 0 : 1;
  }

  private addName(name: string): void {
    if (this.firstName === "") this.firstName = name;
    else (this.names ??= new Set([this.firstName])).add(name);
  }

  private suggestDifficulty(id: RequestId, params: unknown[]): void {
    const d = parseDifficulty(params[0]);
    if (d === null) return this.io.write(errorLine(id, StratumError.Other, "difficulty must be a positive number"));
    const { minDiff, maxDiff } = this.host.cfg;
    this.floor = normalizeDifficulty(d, minDiff, maxDiff);
    this.writeTrue(id);
    if (this.fixedDifficulty) return;
    // Before vardiff has measured anything the suggestion is the best start we have; afterwards
    // it is only a floor (NerdMiner re-sends it every 30 s and must not reset the measurement).
    if (!this.retargeted ? this.floor !== this.difficulty : this.difficulty < this.floor) {
      this.setDifficulty(this.floor, "suggested");
      if (this.sentDifficulty !== -1) this.scheduleWork();
    }
  }

  /** A line the miner shows or logs (cgminer, bmminer); others ignore the notification. */
  showMessage(text: string): void {
    if (this.authorized) this.io.write(notificationLine("client.show_message", JSON.stringify([text])));
  }

  /** Changes the difficulty for jobs sent from now on; old jobs keep theirs. */
  setDifficulty(d: number, reason: DiffReason): void {
    const { minDiff, maxDiff } = this.host.cfg;
    const next = normalizeDifficulty(d, minDiff, maxDiff);
    if (next === this.difficulty) return;
    const previous = this.difficulty;
    this.difficulty = next;
    this.vardiff = newVardiffState(this.host.now());
    if (this.authorized) this.host.onDifficulty(this, previous, reason);
  }

  /** Timer-driven vardiff step; sends new work at the new difficulty when it moves. */
  tickVardiff(now: number): void {
    if (this.fixedDifficulty || !this.authorized || !this.subscribed || this.closed) return;
    const next = retarget(this.vardiff, this.difficulty, now, this.floor, this.host.vardiff);
    if (next === null) return;
    this.retargeted = true;
    this.setDifficulty(next, "vardiff");
    this.sendWork(false);
  }

  /** Work goes out after the current batch of lines, so a pipelined suggest_difficulty or
   * configure that follows authorize is applied before the first set_difficulty/notify. */
  private scheduleWork(): void {
    if (this.workScheduled) return;
    this.workScheduled = true;
    queueMicrotask(() => {
      this.workScheduled = false;
      // A miner's first job is clean: it has nothing worth keeping.
      if (!this.closed) this.sendWork(this.lastJob === null);
    });
  }

  /** Sends set_difficulty (when it changed) then a notify for the current template. */
  sendWork(clean: boolean): void {
    if (!this.subscribed || !this.authorized || this.payoutScript === null || this.closed) return;
    const job = this.host.jobFor(this);
    if (job === null) return;
    if (this.sentDifficulty !== this.difficulty) {
      this.sentDifficulty = this.difficulty;
      this.io.write(notificationLine("mining.set_difficulty", `[${difficultyJson(this.difficulty)}]`));
    }
    const jobNumber = this.host.nextJobNumber();
    const jobId = jobNumber.toString(16);
    const record: SessionJob = { id: jobId, job, difficulty: this.difficulty };
    // Old jobs stay on clean_jobs too: a share for just-replaced work is answered "stale" (and
    // still submitted if it solves a block) instead of "job not found".
    this.jobs.set(jobNumber, record);
    holdJob(job);
    if (this.jobs.size > MAX_JOBS) {
      const [oldest, evicted] = this.jobs.entries().next().value!;
      this.jobs.delete(oldest);
      dropJob(evicted.job);
    }
    this.lastJob = record;
    this.io.write(`{"id":null,"method":"mining.notify","params":["${jobId}"${job.tail},${clean}]}\n`);
  }

  private submit(id: RequestId, params: unknown[]): void {
    if (!this.admits(id)) return;
    const p = parseSubmit(params, EXTRANONCE2_SIZE);
    if (isReject(p)) return this.refuse(id, p, null);
    this.judge(id, p);
  }

  private writeTrue(id: RequestId): void {
    if (isPlainId(id)) this.io.writeAround(TRUE_HEAD_BYTES, id, TRUE_TAIL_BYTES);
    else this.io.write(trueLine(id));
  }

  /** Whether this session may submit at all (before its parameters are looked at); answers no. */
  private admits(id: RequestId): boolean {
    if (!this.subscribed) this.refuse(id, { code: StratumError.NotSubscribed, reason: ERROR_TEXT[25] }, null);
    else if (!this.authorized) this.refuse(id, { code: StratumError.Unauthorized, reason: ERROR_TEXT[24] }, null);
    else return true;
    return false;
  }

  /** A submit with well-formed parameters, from either path; `p` is not kept. */
  private judge(id: RequestId, p: SubmitParams): void {
    const record = this.jobs.get(p.jobNumber);
    if (record === undefined) return this.refuse(id, { code: StratumError.JobNotFound, reason: "job not found" }, null);
    const job = record.job;
    const nowSec = Math.floor(this.host.now() / 1000);
    if (p.ntime < job.mintime || p.ntime > nowSec + 7200) {
      return this.refuse(id, { code: StratumError.Other, reason: "ntime out of range" }, record);
    }
    if ((p.versionBits & ~this.versionMask) !== 0) {
      return this.refuse(id, { code: StratumError.Other, reason: "version bits outside the negotiated mask" }, record);
    }
    // The job (template + payout script) is shared by every job id this or any session got for
    // it; with this session's extranonce1 the key fixes the header, whatever the job id.
    const key = shareKey(this.extranonce1, p.en2hi, p.en2lo, p.ntime, p.nonce, p.versionBits);
    if (job.seen.has(key) || (this.recentRejects !== null && this.recentRejects.has(job, key))) {
      return this.refuse(id, { code: StratumError.Duplicate, reason: ERROR_TEXT[22] }, record);
    }
    // Judge at the difficulty in force when the job was sent, or the current one if lower
    // (a miner may apply a lowered difficulty at once).
    const target = Math.min(record.difficulty, this.difficulty);
    // ESP-Miner sends the changed bits (rolled XOR job version); BIP 310 miners (cgminer,
    // bmminer) send the rolled version's masked bits, which replace the job's. The readings only
    // differ when the template sets bits inside the mask (Knots can set 0x10000000), so the
    // second is tried only then, and only when the first misses the target.
    const version = (job.version ^ p.versionBits) >>> 0;
    let outcome = this.host.checkShare(this, record, p, version);
    const masked = job.version & this.versionMask;
    if (masked !== 0 && outcome.difficulty < target) {
      const replaced = ((job.version & ~this.versionMask) | p.versionBits) >>> 0;
      const alt = replaced !== version ? this.host.checkShare(this, record, p, replaced) : outcome;
      if (alt.difficulty > outcome.difficulty) outcome = alt;
    }
    // Only work that met its difficulty is remembered for the job's life (./seen.ts).
    // Absent: looked for above, and nothing ran in between (this is one synchronous call).
    if (outcome.difficulty >= target) job.seen.addNew(key);
    else (this.recentRejects ??= new RecentRejects()).add(job, key);
    if (this.host.isStale(job)) {
      return this.finish(id, record, outcome, target, { code: StratumError.JobNotFound, reason: "stale job" });
    }
    if (outcome.difficulty < target) {
      return this.finish(id, record, outcome, target, { code: StratumError.LowDifficulty, reason: ERROR_TEXT[23] });
    }
    this.accepted++;
    recordShare(this.vardiff, target);
    if (outcome.difficulty > this.best) this.best = outcome.difficulty;
    this.writeTrue(id);
    this.host.onShare(this, record, outcome, target, null);
    this.rejectWindow.add(false, this.host.now());
  }

  private finish(id: RequestId, record: SessionJob, outcome: ShareOutcome, target: number, why: Reject): void {
    this.rejected++;
    this.io.write(errorLine(id, why.code, why.reason));
    this.host.onShare(this, record, outcome, target, why);
    this.countReject();
  }

  private refuse(id: RequestId, why: Reject, record: SessionJob | null): void {
    this.rejected++;
    this.io.write(errorLine(id, why.code, why.reason));
    // A share from a session that is not authorized belongs to nobody: answered, not recorded.
    if (this.authorized) this.host.onShare(this, record, null, record?.difficulty ?? this.difficulty, why);
    this.countReject();
  }

  /** After the reject's own reply: a connection whose rejects dominate is cut (./limits.ts). */
  private countReject(): void {
    if (!this.rejectWindow.add(true, this.host.now())) return;
    const { shares, rejects } = this.rejectWindow.counts;
    this.host.onAbuse(this, "rejects", `${rejects} of ${shares} shares rejected`);
    this.io.close("rejected shares dominate");
  }

  /** Answers the request with the reason, then closes the connection (abuse, not a mistake). */
  private cut(id: RequestId, kind: "authorize", reason: string): void {
    this.io.write(errorLine(id, StratumError.Unauthorized, reason));
    this.host.onAbuse(this, kind, reason);
    this.io.close(reason);
  }

  /** The connection is gone. */
  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    for (const record of this.jobs.values()) dropJob(record.job);
    this.jobs.clear();
    this.host.onClosed(this, reason);
  }

  get isClosed(): boolean {
    return this.closed;
  }
}
