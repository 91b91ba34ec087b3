import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import type { WebEnv } from './context.ts';

const HERE = dirname(fileURLToPath(import.meta.url));

/** A green disc with a note: the tab icon (browsers ask for one on every page). */
const ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="16" fill="#127a3e"/><path d="M13 8v12.2a4 4 0 1 0 2 3.5V12h6V8z" fill="#fff"/></svg>`;

interface Asset {
  body: Buffer;
  type: string;
}

/** Finds a file of an installed package by walking up to the nearest node_modules that has it. */
function packageFile(relative: string): string {
  for (let dir = HERE; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', relative);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`${relative} is not installed; run npm ci`);
  }
}

function load(path: string, type: string): Asset {
  return { body: readFileSync(path), type };
}

/**
 * Static assets, read once at start: our stylesheet and script, and the charting library
 * as its published UMD files (no front-end build step).
 */
export function registerAssets(app: Hono<WebEnv>): void {
  const assets = new Map<string, Asset>([
    ['app.css', load(join(HERE, 'assets', 'app.css'), 'text/css; charset=utf-8')],
    ['app.js', load(join(HERE, 'assets', 'app.js'), 'text/javascript; charset=utf-8')],
    [
      'vendor/plot.umd.min.js',
      load(packageFile('@observablehq/plot/dist/plot.umd.min.js'), 'text/javascript; charset=utf-8'),
    ],
    ['icon.svg', { body: Buffer.from(ICON), type: 'image/svg+xml' }],
    ['vendor/d3.min.js', load(packageFile('d3/dist/d3.min.js'), 'text/javascript; charset=utf-8')],
  ]);
  app.get('/assets/*', (c) => {
    const asset = assets.get(c.req.path.slice('/assets/'.length));
    if (!asset) return c.text('not found', 404);
    return c.body(new Uint8Array(asset.body), 200, {
      'content-type': asset.type,
      'cache-control': 'public, max-age=3600',
    });
  });
}
