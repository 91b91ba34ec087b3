import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAY_IMPORT } from '../../eslint/boundaries.js';

const folders = readdirSync('src', { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

function layoutSection(): string {
  const readme = readFileSync('README.md', 'utf8');
  const start = readme.indexOf('### Layout');
  expect(start).toBeGreaterThan(-1);
  const end = readme.indexOf('\n## ', start);
  return readme.slice(start, end === -1 ? undefined : end);
}

const mentioned = (text: string) =>
  [...new Set([...text.matchAll(/src\/([a-z-]+)\//g)].map((m) => m[1]!))].sort();

describe("the docs' layout matches the tree", () => {
  it("README's layout section names every folder of src/, and only those", () => {
    expect(mentioned(layoutSection())).toEqual(folders);
  });

  it("ARCHITECTURE.md's table has a row for every folder", () => {
    const doc = readFileSync('ARCHITECTURE.md', 'utf8');
    const rows = [...doc.matchAll(/^\| (`[a-z/`, ]+`)\s*\|/gm)].flatMap((m) =>
      m[1]!.split(',').map((f) => f.replace(/[`/\s]/g, '')),
    );
    expect([...new Set(rows)].sort()).toEqual(folders);
  });

  it('the boundaries rule knows every folder', () => {
    expect(
      Object.keys(MAY_IMPORT)
        .filter((f) => folders.includes(f))
        .sort(),
    ).toEqual(folders);
  });
});
