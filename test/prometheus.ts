// A strict parser of Prometheus' text exposition format (0.0.4) for tests: every line must be a
// HELP, a TYPE or a sample of a declared family; names, label syntax, escapes and values are
// checked; a sample twice is an error; histograms must have cumulative buckets ending in +Inf = count.

export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}
export interface PromFamily {
  name: string;
  type: string;
  help: string;
  samples: PromSample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const TYPES = new Set(["counter", "gauge", "histogram", "summary", "untyped"]);
const SUFFIXES: Record<string, string[]> = { histogram: ["_bucket", "_sum", "_count"], summary: ["_sum", "_count", ""], counter: [""], gauge: [""], untyped: [""] };

function parseValue(s: string, line: string): number {
  if (s === "NaN") return NaN;
  if (s === "+Inf" || s === "Inf") return Infinity;
  if (s === "-Inf") return -Infinity;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) throw new Error(`bad value ${JSON.stringify(s)} in: ${line}`);
  return Number(s);
}

export function parsePrometheus(text: string): Map<string, PromFamily> {
  const families = new Map<string, PromFamily>();
  const seen = new Set<string>();
  if (!text.endsWith("\n")) throw new Error("exposition must end with a newline");
  for (const line of text.slice(0, -1).split("\n")) {
    if (line === "") throw new Error("empty line");
    if (line.startsWith("#")) {
      const m = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
      if (!m) {
        if (/^# (HELP|TYPE)/.test(line)) throw new Error(`bad comment: ${line}`);
        continue; // a plain comment
      }
      const f = families.get(m[2]!) ?? { name: m[2]!, type: "untyped", help: "", samples: [] };
      if (m[1] === "TYPE") {
        if (!TYPES.has(m[3]!)) throw new Error(`bad type: ${line}`);
        if (f.samples.length) throw new Error(`TYPE after samples: ${line}`);
        f.type = m[3]!;
      } else f.help = m[3]!;
      families.set(f.name, f);
      continue;
    }
    const nm = NAME.exec(line);
    if (!nm) throw new Error(`bad sample name: ${line}`);
    const name = nm[0];
    let rest = line.slice(name.length);
    const labels: Record<string, string> = {};
    if (rest.startsWith("{")) {
      rest = rest.slice(1);
      while (!rest.startsWith("}")) {
        const lm = LABEL.exec(rest);
        if (!lm) throw new Error(`bad label name: ${line}`);
        rest = rest.slice(lm[0].length);
        if (!rest.startsWith('="')) throw new Error(`bad label: ${line}`);
        rest = rest.slice(2);
        let v = "";
        for (;;) {
          const c = rest[0];
          if (c === undefined) throw new Error(`unterminated label value: ${line}`);
          rest = rest.slice(1);
          if (c === '"') break;
          if (c === "\\") {
            const e = rest[0];
            rest = rest.slice(1);
            if (e === "n") v += "\n";
            else if (e === "\\" || e === '"') v += e;
            else throw new Error(`bad escape: ${line}`);
          } else v += c;
        }
        if (lm[0] in labels) throw new Error(`label twice: ${line}`);
        labels[lm[0]] = v;
        if (rest.startsWith(",")) rest = rest.slice(1);
        else if (!rest.startsWith("}")) throw new Error(`bad label list: ${line}`);
      }
      rest = rest.slice(1);
    }
    const vm = /^ (\S+)( -?\d+)?$/.exec(rest);
    if (!vm) throw new Error(`bad sample: ${line}`);
    const value = parseValue(vm[1]!, line);
    const family = [...families.values()].find((f) => (SUFFIXES[f.type] ?? [""]).some((s) => f.name + s === name));
    if (!family) throw new Error(`sample of an undeclared family: ${line}`);
    const key = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seen.has(key)) throw new Error(`sample twice: ${line}`);
    seen.add(key);
    family.samples.push({ name, labels, value });
  }
  for (const f of families.values()) if (f.type === "histogram") checkHistogram(f);
  return families;
}

function checkHistogram(f: PromFamily): void {
  const groups = new Map<string, PromSample[]>();
  for (const s of f.samples) {
    const { le, ...rest } = s.labels;
    const k = JSON.stringify(Object.entries(rest).sort());
    groups.set(k, [...(groups.get(k) ?? []), s]);
  }
  for (const g of groups.values()) {
    const buckets = g.filter((s) => s.name.endsWith("_bucket"));
    const count = g.find((s) => s.name.endsWith("_count"));
    if (!count || !g.some((s) => s.name.endsWith("_sum"))) throw new Error(`${f.name}: _sum or _count missing`);
    let last = -1;
    for (const b of buckets) {
      if (b.value < last) throw new Error(`${f.name}: buckets not cumulative`);
      last = b.value;
    }
    const inf = buckets.find((b) => b.labels.le === "+Inf");
    if (!inf || inf.value !== count.value) throw new Error(`${f.name}: +Inf bucket must equal _count`);
  }
}

/** The value of the one sample of `name` whose labels include `labels`. */
export function valueOf(fams: Map<string, PromFamily>, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const f of fams.values())
    for (const s of f.samples) if (s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)) return s.value;
  return undefined;
}
