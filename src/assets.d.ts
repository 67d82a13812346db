// Files imported `with { type: "file" }` resolve to a path (embedded in the compiled binary).
declare module "*.css" {
  const path: string;
  export default path;
}
declare module "*.svg" {
  const path: string;
  export default path;
}
declare module "*.min.js" {
  const path: string;
  export default path;
}
declare module "swagger-ui-dist/swagger-ui-bundle.js" {
  const path: string;
  export default path;
}
declare module "*/static/app.js" {
  const path: string;
  export default path;
}
declare module "*/static/games.js" {
  const path: string;
  export default path;
}
declare module "*/static/live.js" {
  const path: string;
  export default path;
}
