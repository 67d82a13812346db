// Static assets, embedded in the compiled binary through `with { type: "file" }` imports and
// served under a content-hashed URL (/assets/<hash>/<name>) with a one-year immutable cache;
// the plain /static/<name> form is served too, revalidated on every use.
import { Elysia } from "elysia";
import htmxPath from "htmx.org/dist/htmx.min.js" with { type: "file" };
import alpinePath from "alpinejs/dist/cdn.min.js" with { type: "file" };
import swaggerJsPath from "swagger-ui-dist/swagger-ui-bundle.js" with { type: "file" };
import swaggerCssPath from "swagger-ui-dist/swagger-ui.css" with { type: "file" };
import appCssPath from "../../static/app.css" with { type: "file" };
import appJsPath from "../../static/app.js" with { type: "file" };
import iconPath from "../../static/icon.svg" with { type: "file" };

interface Asset {
  name: string;
  body: Uint8Array;
  type: string;
  hash: string;
}

const SOURCES: [name: string, path: string, type: string][] = [
  ["htmx.min.js", htmxPath, "text/javascript; charset=utf-8"],
  ["alpine.min.js", alpinePath, "text/javascript; charset=utf-8"],
  ["swagger-ui-bundle.js", swaggerJsPath, "text/javascript; charset=utf-8"],
  ["swagger-ui.css", swaggerCssPath, "text/css; charset=utf-8"],
  ["app.css", appCssPath, "text/css; charset=utf-8"],
  ["app.js", appJsPath, "text/javascript; charset=utf-8"],
  ["icon.svg", iconPath, "image/svg+xml"],
];

const IMMUTABLE = "public, max-age=31536000, immutable";

let loaded: Map<string, Asset> | null = null;

async function load(): Promise<Map<string, Asset>> {
  if (loaded) return loaded;
  const map = new Map<string, Asset>();
  for (const [name, path, type] of SOURCES) {
    const body = new Uint8Array(await Bun.file(path).arrayBuffer());
    const hash = new Bun.CryptoHasher("sha256").update(body).digest("hex").slice(0, 12);
    map.set(name, { name, body, type, hash });
  }
  loaded = map;
  return map;
}

/** Must run once before pages render (createApp awaits it). */
export const loadAssets = load;

/** Versioned URL of an asset, for templates. */
export function assetUrl(name: string): string {
  const a = loaded?.get(name);
  if (!a) throw new Error(`unknown asset ${name}`);
  return `/assets/${a.hash}/${a.name}`;
}

export function assetRoutes() {
  const serve = (name: string, cache: string, hash?: string) => {
    const a = loaded?.get(name);
    if (!a || (hash !== undefined && hash !== a.hash)) return null;
    return new Response(a.body as Uint8Array<ArrayBuffer>, { headers: { "content-type": a.type, "cache-control": cache, etag: `"${a.hash}"` } });
  };
  return new Elysia({ name: "assets" })
    .get("/assets/:hash/:name", ({ params, status }) => serve(params.name, IMMUTABLE, params.hash) ?? status(404), {
      detail: { hide: true },
    })
    .get("/static/:name", ({ params, status }) => serve(params.name, "public, max-age=0, must-revalidate") ?? status(404), {
      detail: { hide: true },
    })
    .get("/favicon.ico", () => serve("icon.svg", "public, max-age=86400"), { detail: { hide: true } });
}
