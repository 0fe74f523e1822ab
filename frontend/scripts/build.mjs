// Build the workbench's front end into the Python package (tmb_graph/serve/static/), or into
// the folder given as the first argument (the tests build into a temporary folder and compare).
// Deterministic: the same lockfile and sources give the same bytes.
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const out = resolve(process.argv[2] ?? join(root, "..", "tmb_graph", "serve", "static"));

mkdirSync(join(out, "assets"), { recursive: true });
await build({
  entryPoints: { app: join(root, "src", "main.js") },
  outdir: join(out, "assets"),
  bundle: true,
  minify: true,
  format: "iife",
  target: ["chrome100", "firefox100", "safari15"],
  legalComments: "eof",
  charset: "utf8",
  logLevel: "warning",
  define: { "process.env.NODE_ENV": '"production"' },
});
copyFileSync(join(root, "src", "index.html"), join(out, "index.html"));
