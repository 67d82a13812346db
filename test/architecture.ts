// The seams of DESIGN.md as code: every import in the tree is checked against a few rules, and a
// broken rule names the file and the import. Imports are read with Bun's own transpiler
// (scanImports), so type-only imports, re-exports and dynamic imports all count.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

export interface Violation {
  file: string;
  import: string;
  rule: string;
}

interface FileImports {
  /** Repo-relative, with forward slashes. */
  file: string;
  /** Repo-relative targets of relative imports; bare specifiers as written. */
  imports: string[];
  source: string;
}

const SOURCE_ROOTS = ["src", "stratum", "views"];

/** Tests, test helpers and generated files may reach anywhere: they are not part of the product's seams. */
function isExempt(file: string): boolean {
  return /\.test\.ts$/.test(file) || /(^|\/)(testkit|test-harness|harness|fixed-node|flaky-proxy|smtp-test-server|line-client)\.ts$/.test(file) || file.includes("/fixtures/");
}

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith(".ts")) out.push(p);
  }
}

export function scan(root: string): FileImports[] {
  const transpiler = new Bun.Transpiler({ loader: "ts" });
  const files: string[] = [];
  for (const r of SOURCE_ROOTS) {
    try {
      walk(join(root, r), files);
    } catch {
      // a root that does not exist (fixtures) has nothing to check
    }
  }
  return files.map((abs) => {
    const source = readFileSync(abs, "utf8");
    const file = relative(root, abs).split(sep).join("/");
    // The transpiler drops type-only imports, which still tie one layer to another: read those
    // from the statements themselves.
    const code = source.replace(/^#!.*/, "");
    const paths = new Set(transpiler.scanImports(code).map((i) => i.path));
    for (const m of code.matchAll(/^\s*(?:import|export)\s+type\b[^;]*?\bfrom\s*["']([^"']+)["']/gm)) paths.add(m[1]!);
    for (const m of code.matchAll(/^\s*import\s*\{[^}]*\}\s*from\s*["']([^"']+)["']/gm)) paths.add(m[1]!);
    const imports = [...paths].map((p) => (p.startsWith(".") ? relative(root, resolve(dirname(abs), p)).split(sep).join("/") : p));
    return { file, imports, source };
  });
}

const under = (path: string, folder: string) => path === folder || path.startsWith(folder + "/");

/** Entry files through which src/ may reach the pool engine. */
const STRATUM_ENTRIES = new Set(["stratum/index.ts", "stratum/bitcoin/index.ts"]);
/** The composition root wires every layer together, the web app included. */
const COMPOSITION_ROOTS = new Set(["src/server.ts"]);
const DOMAIN_FOLDERS = ["src/auth", "src/users", "src/admin", "src/mining", "src/mail", "src/game", "src/compete", "src/social", "src/learn", "src/tokens", "src/notify", "src/realtime", "src/bot", "src/jobs"];

type Rule = (f: FileImports, target: string) => string | null;

const rules: Rule[] = [
  (f, t) => (under(f.file, "stratum") && (under(t, "src") || under(t, "views")) ? "stratum/ imports nothing from src/ or views/" : null),
  (f, t) =>
    under(t, "src/http") && !under(f.file, "src/http") && !COMPOSITION_ROOTS.has(f.file) ? "nothing outside src/http/ imports it (domains throw AppError; src/http maps it)" : null,
  (f, t) => (under(f.file, "views") && (under(t, "src/db") || under(t, "src/http")) ? "views render plain data: no imports from src/db/ or src/http/" : null),
  (f, t) => (under(f.file, "src/db") && DOMAIN_FOLDERS.some((d) => under(t, d)) ? "storage imports no domain module" : null),
  (f, t) => (under(f.file, "src") && under(t, "stratum") && !STRATUM_ENTRIES.has(t) ? "src/ reaches stratum/ only through stratum/index.ts or stratum/bitcoin/index.ts" : null),
  (f, t) => ((under(t, "src/db/schema") || under(t, "src/db/schema-pg") || t.startsWith("drizzle-orm")) && !under(f.file, "src/db") ? "only src/db/ imports tables and drizzle" : null),
  (f, t) => (under(f.file, "src/core") && (t.startsWith(".") || under(t, "src") || under(t, "stratum") || under(t, "views")) && !under(t, "src/core") ? "src/core imports nothing" : null),
];

export function check(root: string): Violation[] {
  const out: Violation[] = [];
  for (const f of scan(root)) {
    if (isExempt(f.file)) continue;
    for (const t of f.imports) {
      for (const rule of rules) {
        const broken = rule(f, t);
        if (broken) out.push({ file: f.file, import: t, rule: broken });
      }
    }
    if (f.file !== "src/config.ts" && /\b(process\.env|Bun\.env|import\.meta\.env)\b/.test(f.source))
      out.push({ file: f.file, import: "process.env", rule: "only src/config.ts reads the environment" });
  }
  return out;
}

export const describeViolation = (v: Violation) => `${v.file} → ${v.import}: ${v.rule}`;
