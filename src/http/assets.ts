// Serves the page assets (views/assets.ts) under a content-hashed URL (/assets/<hash>/<name>)
// with a one-year immutable cache; the plain /static/<name> form is served too, revalidated on
// every use.
import { Elysia } from "elysia";
import { findAsset } from "../../views/assets.ts";

export { loadAssets, assetUrl } from "../../views/assets.ts";

const IMMUTABLE = "public, max-age=31536000, immutable";

export function assetRoutes() {
  const serve = (name: string, cache: string, hash?: string) => {
    const a = findAsset(name);
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
