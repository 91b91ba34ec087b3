import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Runs `npm run build`'s script into a temp folder (so the developer's dist/ is left alone). */
export function buildInto(outDir: string): void {
  const result = spawnSync(process.execPath, [join(REPO, 'scripts/build.mjs'), '--out', outDir], {
    cwd: REPO,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`build failed:\n${result.stdout}\n${result.stderr}`);
}

interface Manifest {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
}

/** Where Node would find package `name` when imported from `fromDir` (walking up node_modules). */
function locate(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The packages a production install holds at the top of node_modules: the closure of
 * package.json's `dependencies` (and optional ones), found the way Node resolves them.
 * Dev dependencies such as tsx and typescript are only included if a runtime package needs them.
 */
export function productionPackages(repo = REPO): string[] {
  const root = realpathSync(join(repo, 'node_modules'));
  const seen = new Set<string>();
  const top = new Set<string>();
  const queue: Array<[string, string]> = Object.keys(readManifest(repo).dependencies ?? {}).map((n) => [
    n,
    repo,
  ]);
  while (queue.length > 0) {
    const [name, from] = queue.pop()!;
    const found = locate(name, from);
    if (!found) continue; // an optional dependency for another platform
    const real = realpathSync(found);
    if (seen.has(real)) continue;
    seen.add(real);
    const rel = relative(root, real);
    if (!rel.startsWith('..') && !rel.includes(`${sep}node_modules${sep}`)) top.add(rel);
    const manifest = readManifest(real);
    for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies }))
      queue.push([dep, real]);
  }
  return [...top].sort();
}

/**
 * A folder laid out like the container's /app after `npm ci --omit=dev` and the build
 * stage's COPY: package.json, bin/, dist/ and a node_modules with production packages
 * only (symlinked from this checkout). No src/, no tsx.
 */
export function productionFolder(builtDist: string): string {
  const app = mkdtempSync(join(tmpdir(), 'encore-prod-'));
  cpSync(join(REPO, 'package.json'), join(app, 'package.json'));
  cpSync(join(REPO, 'bin'), join(app, 'bin'), { recursive: true });
  cpSync(builtDist, join(app, 'dist'), { recursive: true });
  const modules = join(app, 'node_modules');
  const source = realpathSync(join(REPO, 'node_modules'));
  for (const name of productionPackages()) {
    mkdirSync(dirname(join(modules, name)), { recursive: true });
    symlinkSync(join(source, name), join(modules, name), 'dir');
  }
  return app;
}
