#!/usr/bin/env node
/* global process, URL */
// Two ways to run: in a checkout (sources and the dev dependency tsx present) the
// TypeScript runs directly through tsx's loader, so `npm ci` is enough; in a production
// install (`npm ci --omit=dev` + `npm run build` output, as in the container) the compiled
// JavaScript in dist/ runs and tsx is never loaded.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const compiled = new URL('../dist/src/cli/main.js', import.meta.url);

async function loadTsx() {
  if (!existsSync(source)) return null;
  try {
    return await import('tsx/esm/api');
  } catch {
    return null; // tsx is a dev dependency: absent after `npm ci --omit=dev`
  }
}

const tsx = await loadTsx();
if (tsx) {
  tsx.register();
  await import('../src/cli/main.ts');
} else if (existsSync(fileURLToPath(compiled))) {
  await import(compiled.href);
} else {
  process.stderr.write(
    'encore: no compiled build found; run `npm run build` (or `npm ci` for the dev setup)\n',
  );
  process.exit(1);
}
