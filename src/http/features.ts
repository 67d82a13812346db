// The web features beyond the foundation, each a plugin built from the app's dependencies.
// One line per feature; the order is the order of the OpenAPI document.
import type { Feature } from "./app.ts";

export const FEATURES: Feature[] = [];
