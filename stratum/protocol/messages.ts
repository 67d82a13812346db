// JSON-RPC 1.0 framing of Stratum V1 messages. Replies are written with a fixed key order
// (id, result, error) so recorded sessions compare byte for byte.

/** Stratum ids are numbers or strings (some proxies send strings); whatever came is echoed. */
export type RequestId = number | string | null;

export type ParsedRequest =
  | { ok: true; id: RequestId; method: string; params: unknown[] }
  | { ok: false; id: RequestId; reason: string };

export function parseRequest(line: string): ParsedRequest {
  let msg: unknown;
  try {
    msg = JSON.parse(line);
  } catch {
    return { ok: false, id: null, reason: "malformed JSON" };
  }
  if (typeof msg !== "object" || msg === null || Array.isArray(msg)) {
    return { ok: false, id: null, reason: "request is not a JSON object" };
  }
  const m = msg as { id?: unknown; method?: unknown; params?: unknown };
  const id: RequestId = typeof m.id === "number" || typeof m.id === "string" ? m.id : null;
  if (typeof m.method !== "string" || m.method.length === 0) return { ok: false, id, reason: "missing method" };
  // Some clients omit params for parameterless methods; treat that as an empty list.
  const params = m.params === undefined || m.params === null ? [] : m.params;
  if (!Array.isArray(params)) return { ok: false, id, reason: "params must be an array" };
  return { ok: true, id, method: m.method, params };
}

const idJson = (id: RequestId): string => (id === null ? "null" : JSON.stringify(id));

export function resultLine(id: RequestId, resultJson: string): string {
  return `{"id":${idJson(id)},"result":${resultJson},"error":null}\n`;
}

const TRUE_HEAD = '{"id":';
const TRUE_TAIL = ',"result":true,"error":null}\n';
const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
/** trueLine around its id as bytes: the answer to nearly every line, written without a string. */
export const TRUE_HEAD_BYTES = ascii(TRUE_HEAD);
export const TRUE_TAIL_BYTES = ascii(TRUE_TAIL);

export function trueLine(id: RequestId): string {
  return `${TRUE_HEAD}${idJson(id)}${TRUE_TAIL}`;
}

/** Ids written as their digits between TRUE_HEAD_BYTES and TRUE_TAIL_BYTES (JSON prints them so). */
export const isPlainId = (id: RequestId): id is number => typeof id === "number" && Number.isSafeInteger(id) && id >= 0;

export function errorLine(id: RequestId, code: number, message: string): string {
  return `{"id":${idJson(id)},"result":null,"error":[${code},${JSON.stringify(message)},null]}\n`;
}

export function notificationLine(method: string, paramsJson: string): string {
  return `{"id":null,"method":${JSON.stringify(method)},"params":${paramsJson}}\n`;
}
