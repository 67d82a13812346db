// The page assets (scripts, styles, icons), embedded in the compiled binary through
// `with { type: "file" }` imports and named by content hash, so templates can link a
// versioned URL. The web layer serves them (src/http/assets.ts); templates only read URLs.
import htmxPath from "htmx.org/dist/htmx.min.js" with { type: "file" };
import alpinePath from "alpinejs/dist/cdn.min.js" with { type: "file" };
import swaggerJsPath from "swagger-ui-dist/swagger-ui-bundle.js" with { type: "file" };
import swaggerCssPath from "swagger-ui-dist/swagger-ui.css" with { type: "file" };
import appCssPath from "../static/app.css" with { type: "file" };
import appJsPath from "../static/app.js" with { type: "file" };
import liveJsPath from "../static/live.js" with { type: "file" };
import iconPath from "../static/icon.svg" with { type: "file" };
import gamesJsPath from "../static/games.js" with { type: "file" };

export interface Asset {
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
  ["live.js", liveJsPath, "text/javascript; charset=utf-8"],
  ["icon.svg", iconPath, "image/svg+xml"],
  ["games.js", gamesJsPath, "text/javascript; charset=utf-8"],
];

let loaded: Map<string, Asset> | null = null;

export async function loadAssets(): Promise<Map<string, Asset>> {
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

/** Versioned URL of an asset, for templates. */
export function assetUrl(name: string): string {
  const a = loaded?.get(name);
  if (!a) throw new Error(`unknown asset ${name}`);
  return `/assets/${a.hash}/${a.name}`;
}

/** An asset by name, once loaded (null before loadAssets ran or for an unknown name). */
export function findAsset(name: string): Asset | null {
  return loaded?.get(name) ?? null;
}
