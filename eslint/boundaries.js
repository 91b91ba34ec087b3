// encore's folder boundaries as a lint rule: which folder of src/ may import which. The table
// is ARCHITECTURE.md's "may import" column; a test (test/architecture/imports.test.ts) checks
// that the import graph has no cycle, which this rule alone cannot see.
import { dirname, relative, resolve, sep } from 'node:path';
import process from 'node:process';

const BASE = ['util'];
const LOWER = ['util', 'config', 'http', 'store', 'matching', 'spotify', 'events', 'enrich', 'analytics'];
const DOMAIN = [
  'capture',
  'history',
  'resolve',
  'shows',
  'playlists',
  'alerts',
  'forward',
  'share',
  'submit',
  'warehouse',
  'cloud',
  'ops',
];

/** folder → the folders it may import (besides itself and npm packages). */
export const MAY_IMPORT = {
  util: [],
  config: BASE,
  http: ['config', ...BASE],
  store: BASE,
  matching: BASE,
  spotify: ['http', 'config', 'store', ...BASE],
  events: ['http', 'config', ...BASE],
  enrich: ['http', 'config', ...BASE],
  analytics: ['store', 'config', ...BASE],
  ...Object.fromEntries(DOMAIN.map((d) => [d, [...LOWER, ...DOMAIN]])),
  jobs: [...LOWER, ...DOMAIN],
  control: [...LOWER],
  app: [...LOWER, ...DOMAIN, 'jobs', 'control'],
  web: [...LOWER, ...DOMAIN, 'jobs', 'app'],
  cli: [...LOWER, ...DOMAIN, 'jobs', 'app', 'control', 'web'],
};

/** Imports allowed only as `import type` (shapes, no code): store keeps the events it is given. */
const TYPE_ONLY = { store: ['events/types.ts'] };

/** Only these may reach the simulators, and only lazily (`await import()`) or for types. */
const SIM_IMPORTERS = [/^src\/app\/demo\//, /^src\/cli\/commands\/sim[^/]*\.ts$/];

function topOf(path) {
  const parts = path.split(sep);
  if (parts[0] === 'sim') return { root: 'sim' };
  if (parts[0] !== 'src' || parts.length < 3) return undefined;
  return { root: 'src', folder: parts[1], rest: parts.slice(2).join('/') };
}

function check(context, node, specifier, kind) {
  if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
  const file = relative(process.cwd(), context.filename);
  const from = topOf(file);
  if (!from || from.root !== 'src') return;
  const to = topOf(relative(process.cwd(), resolve(dirname(context.filename), specifier)));
  if (!to) return;
  const report = (message) => context.report({ node, message });
  if (to.root === 'sim') {
    const allowed = SIM_IMPORTERS.some((re) => re.test(file.split(sep).join('/')));
    if (!allowed)
      report(`src/${from.folder}/ must not import the simulators (only app/demo/ and cli sim commands do)`);
    else if (kind === 'static')
      report('import the simulators lazily (await import()) so production never loads them');
    return;
  }
  if (to.folder === 'app' && to.rest.startsWith('demo/') && from.folder !== 'app' && kind === 'static')
    return report('load demo mode lazily (await import()) outside src/app/: production never needs it');
  if (to.folder === from.folder) return;
  if (kind === 'type' && (TYPE_ONLY[from.folder] ?? []).includes(`${to.folder}/${to.rest}`)) return;
  const allowed = MAY_IMPORT[from.folder];
  if (!allowed) return report(`src/${from.folder}/ is not in the boundaries table (eslint/boundaries.js)`);
  if (!allowed.includes(to.folder))
    report(`src/${from.folder}/ may not import src/${to.folder}/ (see ARCHITECTURE.md, "may import")`);
}

const rule = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    const typeOnly = (node) =>
      node.importKind === 'type' ||
      node.exportKind === 'type' ||
      (node.specifiers?.length > 0 &&
        node.specifiers.every((s) => s.importKind === 'type' || s.exportKind === 'type'));
    const kindOf = (node) => (typeOnly(node) ? 'type' : 'static');
    return {
      ImportDeclaration: (node) => check(context, node, node.source.value, kindOf(node)),
      ExportNamedDeclaration: (node) => node.source && check(context, node, node.source.value, kindOf(node)),
      ExportAllDeclaration: (node) => check(context, node, node.source.value, kindOf(node)),
      ImportExpression: (node) => check(context, node, node.source.value, 'lazy'),
    };
  },
};

export default { rules: { boundaries: rule } };
