// Stratum error codes as cgminer and ckpool define them; miners show the text, pools key on the code.
export const StratumError = {
  Other: 20,
  JobNotFound: 21,
  Duplicate: 22,
  LowDifficulty: 23,
  Unauthorized: 24,
  NotSubscribed: 25,
} as const;

export type StratumErrorCode = (typeof StratumError)[keyof typeof StratumError];

export const ERROR_TEXT: Record<StratumErrorCode, string> = {
  20: "Other/Unknown",
  21: "Job not found (=stale)",
  22: "Duplicate share",
  23: "Low difficulty share",
  24: "Unauthorized worker",
  25: "Not subscribed",
};

/** A reject carried as a value: the code for the wire, the reason for logs and events. */
export interface Reject {
  code: StratumErrorCode;
  reason: string;
}

export const reject = (code: StratumErrorCode, reason: string = ERROR_TEXT[code]): Reject => ({ code, reason });
