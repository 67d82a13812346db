// The template engine: a tagged template whose interpolations are escaped unless they are
// already `Html` (built by this tag) — so a page escapes what users typed by default and
// trusted markup has to be marked as such explicitly with `raw`.
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "`": "&#96;" };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}

type Value = Html | string | number | bigint | boolean | null | undefined | readonly Value[];

function render(v: Value): string {
  if (v === null || v === undefined || v === false) return "";
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return v.map(render).join("");
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new Html(out);
}

/** Marks markup as trusted. Only for strings this program produced, never for user input. */
export function raw(s: string): Html {
  return new Html(s);
}

/** JSON for a `<script type="application/json">` or an attribute: `<` escaped so it cannot close a tag. */
export function json(v: unknown): Html {
  return new Html(escapeHtml(JSON.stringify(v)));
}
