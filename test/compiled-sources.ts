// Child processes in tests (the CLI, server processes) run compiled JavaScript, not TypeScript through tsx: tsx
// compiles every module of a process on each start, which cost seconds per spawn and minutes per test run. The
// global setup (test/global-setup.ts) transpiles the sources once per run with esbuild (file by file, no bundle,
// like `tsc -p tsconfig.build.json`) into COMPILED_DIR, a mirror of the repository's layout, so module-relative
// paths (worker threads beside their caller, ../../package.json, ../web) resolve as they do in the sources.
// The documented entry points (`npm run cli`, `npm start`) keep their own tests.
import fs from 'node:fs';
import path from 'node:path';

// Not `new URL(…, import.meta.url)`: the web project's happy-dom replaces URL with one that only knows http(s).
const ROOT = path.resolve(import.meta.dirname, '..');
/** Ignored by git, ESLint and Prettier (as `.test-build*`); rebuilt by every test run. */
export const COMPILED_DIR = path.join(ROOT, '.test-build');
/** What child processes of tests run: the application and the test fixtures they start. */
const SOURCE_DIRS = ['src/server', 'src/cli', 'src/shared', 'test/fixtures'];

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !/\.test(-helpers)?\.ts$/.test(f))
    .map((f) => path.join(ROOT, dir, f));
}

/** Transpiles the sources into COMPILED_DIR (about a second); the previous output is replaced. */
export async function compileSources(): Promise<void> {
  const { build } = await import('esbuild');
  // Built beside and then moved in place, so that a run started meanwhile sees the old or the new output.
  const fresh = `${COMPILED_DIR}-${process.pid}`;
  fs.rmSync(fresh, { recursive: true, force: true });
  await build({
    entryPoints: SOURCE_DIRS.flatMap(sourceFiles),
    outbase: ROOT,
    outdir: fresh,
    bundle: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
  });
  // ESM like the repository, and the version read from ../../package.json (src/server/version.ts).
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(fresh, 'package.json'));
  // The server serves the web UI from ../web beside its main module.
  fs.symlinkSync(path.join(ROOT, 'src/web'), path.join(fresh, 'src/web'), 'dir');
  fs.rmSync(COMPILED_DIR, { recursive: true, force: true });
  fs.renameSync(fresh, COMPILED_DIR);
}

/**
 * The node arguments that run a TypeScript entry (a path from the repository root, e.g. 'src/cli/main.ts') from
 * the compiled mirror; spawn them with `cwd` at the repository root.
 */
export function compiledEntry(entry: string): string[] {
  const js = path.join(COMPILED_DIR, entry.replace(/\.ts$/, '.js'));
  if (!fs.existsSync(js)) throw new Error(`${js} is missing: the test run's global setup compiles it (test/global-setup.ts)`);
  return ['--enable-source-maps', js];
}
