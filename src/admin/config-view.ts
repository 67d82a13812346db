// The configuration the process runs with, as the admin Pool page shows it: every setting
// flattened to "section.key = value", secrets replaced by "set (hidden)". A secret is named by
// its key (password, token, secret); URLs lose their password.
import type { Config } from "../config.ts";

const SECRET_KEY = /password|token|secret|cookie/i;
export const HIDDEN = "set (hidden)";

function maskUrl(v: string): string {
  try {
    const u = new URL(v);
    if (!u.password) return v;
    u.password = "***";
    return u.toString();
  } catch {
    return v.replace(/(:\/\/[^:/@]*:)[^@]*@/, "$1***@");
  }
}

export function effectiveConfig(config: Config): [string, string][] {
  const out: [string, string][] = [];
  const walk = (prefix: string, v: unknown) => {
    if (v === undefined) return;
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      for (const [k, x] of Object.entries(v)) walk(prefix ? `${prefix}.${k}` : k, x);
      return;
    }
    const key = prefix.split(".").pop()!;
    // The cookie file's path is no secret (the operator must see which file is read); its content is.
    if (SECRET_KEY.test(key) && key !== "cookieFile") return void out.push([prefix, HIDDEN]);
    const text = Array.isArray(v) ? v.join(", ") : typeof v === "string" ? maskUrl(v) : String(v);
    out.push([prefix, text]);
  };
  walk("", config);
  return out;
}
