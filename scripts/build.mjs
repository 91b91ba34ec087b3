#!/usr/bin/env node
/* global process, console */
// `npm run build`: compiles src/ and sim/ to dist/ and copies the files the compiled code
// reads at run time (migrations, web assets). The simulators are included because demo
// mode — the default when no Spotify credentials are set — runs them in-process.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// `--out DIR` builds elsewhere (the tests build into a temp folder); default dist/.
const outFlag = process.argv.indexOf('--out');
const dist = outFlag > 0 ? resolve(process.argv[outFlag + 1]) : join(root, 'dist');
/** Files next to the sources that the code opens by path (readFileSync on import.meta.url). */
const RUNTIME_FILES = new Set(['.sql', '.css', '.js']);

rmSync(dist, { recursive: true, force: true });
const tsc = spawnSync(
  process.execPath,
  [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', dist],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

let copied = 0;
for (const top of ['src', 'sim']) {
  for (const file of walk(join(root, top))) {
    if (!RUNTIME_FILES.has(extname(file))) continue;
    const target = join(dist, relative(root, file));
    mkdirSync(dirname(target), { recursive: true });
    cpSync(file, target);
    copied += 1;
  }
}

// dist/ gets its own package.json: "type": "module" makes Node load the compiled .js as
// ESM, and src/util/version.ts reads the version two folders up from itself.
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
writeFileSync(
  join(dist, 'package.json'),
  `${JSON.stringify({ name: pkg.name, version: pkg.version, type: 'module', private: true }, null, 2)}\n`,
);
console.log(`built dist/ (${copied} runtime files copied)`);

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}
