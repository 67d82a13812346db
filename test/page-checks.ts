// What every page must pass in a real browser, measured inside the page. Functions passed to
// page.evaluate must be self-contained: they run in the browser, not here.
import type { App } from "../src/http/app.ts";

/**
 * Every page of the app, from the route table: GET routes without path parameters whose answer
 * to a signed-in browser is a whole app page (the shell's <main id="main">). A page added later
 * is covered without touching the tests; partials, JSON and redirects drop out by themselves.
 */
export async function pageRoutes(app: App, cookie: string): Promise<string[]> {
  const paths = [...new Set(app.routes.filter((r) => r.method === "GET" && !r.path.includes(":") && !r.path.includes("*")).map((r) => r.path))];
  const pages: string[] = [];
  for (const path of paths) {
    const res = await app.handle(new Request(`http://127.0.0.1${path}`, { headers: { accept: "text/html", cookie } }));
    if (res.status >= 300 && res.status < 400) continue;
    if (!(res.headers.get("content-type") ?? "").startsWith("text/html")) continue;
    if ((await res.text()).includes('<main id="main">')) pages.push(path);
  }
  return pages;
}

export interface ContrastFailure {
  text: string;
  ratio: number;
  fg: string;
  bg: string;
  where: string;
}

/** Text whose contrast with its effective background (walking up through translucent layers) is below `min`. */
export function contrastFailures(min: number): ContrastFailure[] {
  type C = { r: number; g: number; b: number; a: number };
  const parse = (s: string): C | null => {
    let m = /^rgba?\(([^)]+)\)$/.exec(s);
    if (m) {
      const p = m[1]!.split(/[\s,/]+/).filter(Boolean).map(Number);
      return { r: p[0]!, g: p[1]!, b: p[2]!, a: p.length > 3 ? p[3]! : 1 };
    }
    m = /^color\(srgb ([^)]+)\)$/.exec(s);
    if (m) {
      const p = m[1]!.split(/[\s/]+/).filter(Boolean).map(Number);
      return { r: p[0]! * 255, g: p[1]! * 255, b: p[2]! * 255, a: p.length > 3 ? p[3]! : 1 };
    }
    return null;
  };
  const over = (top: C, bottom: C): C => ({ r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a), b: top.b * top.a + bottom.b * (1 - top.a), a: 1 });
  const lum = (c: C) => {
    const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4));
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const ratio = (a: C, b: C) => {
    const x = lum(a), y = lum(b);
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
  };
  const background = (el: Element): C => {
    const layers: C[] = [];
    for (let e: Element | null = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) {
        layers.push(c);
        if (c.a >= 1) break;
      }
    }
    let base: C = { r: 255, g: 255, b: 255, a: 1 };
    for (let i = layers.length - 1; i >= 0; i--) base = over(layers[i]!, base);
    return base;
  };
  const show = (c: C) => `rgb(${Math.round(c.r)},${Math.round(c.g)},${Math.round(c.b)})`;
  const out: ContrastFailure[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set<Element>();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || seen.has(el) || !n.textContent!.trim()) continue;
    seen.add(el);
    if (el.closest("script,style,title,option,[hidden]")) continue;
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) continue;
    const cs = getComputedStyle(el);
    if (cs.visibility !== "visible") continue;
    const fg = parse(cs.color);
    if (!fg) continue;
    const bg = background(el);
    const r = ratio(fg.a < 1 ? over(fg, bg) : fg, bg);
    if (r < min) out.push({ text: n.textContent!.trim().slice(0, 40), ratio: Math.round(r * 100) / 100, fg: show(fg), bg: show(bg), where: `${el.tagName.toLowerCase()}.${el.className}` });
  }
  return out;
}

/** The page's visible text is a JSON document (an API answer shown inside the app). */
export function showsRawJson(): boolean {
  const t = (document.querySelector("#main") ?? document.body).textContent!.trim();
  if (!/^[[{]/.test(t)) return false;
  try {
    JSON.parse(t);
    return true;
  } catch {
    return /^\{"\w+":/.test(t);
  }
}
