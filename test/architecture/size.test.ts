/**
 * The size limits of issue 11: no file over 400 lines, no function over 80, in every .ts and
 * .tsx file of src/, sim/, bench/, scripts/ and test/. Files are parsed with the TypeScript
 * compiler, so every kind of function counts — declarations, methods,
 * constructors, accessors, arrows and function expressions — measured from its first token
 * to its closing brace (a leading doc comment is free). In test/ the callback of a
 * `describe(...)` is a suite, not a function: its own length is not measured, while the
 * tests and helpers inside it are.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 80;

interface CheckOptions {
  /** Skip the length of `describe(...)` callbacks (test files). */
  suites: boolean;
}

interface Problem {
  /** `path` for a file, `path name` for a function: stable while lines move. */
  key: string;
  /** `path: … lines (max 400)` or `path:line name: … lines (max 80)`. */
  message: string;
  lines: number;
}

/** Every limit the source breaks. */
function sizeProblems(path: string, text: string, options: CheckOptions): Problem[] {
  const kind = path.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, kind);
  const problems: Problem[] = [];
  const lines = file.getLineStarts().length - (text.endsWith('\n') ? 1 : 0);
  if (lines > MAX_FILE_LINES)
    problems.push({ key: path, message: `${path}: ${lines} lines (max ${MAX_FILE_LINES})`, lines });
  const lineOf = (pos: number) => file.getLineAndCharacterOfPosition(pos).line + 1;
  const suites = new Set<ts.Node>();
  const visit = (node: ts.Node) => {
    if (options.suites && ts.isCallExpression(node) && isDescribe(node.expression)) {
      for (const arg of node.arguments) if (ts.isFunctionLike(arg)) suites.add(arg);
    }
    if (ts.isFunctionLike(node) && 'body' in node && node.body && !suites.has(node)) {
      const start = lineOf(node.getStart(file));
      const length = lineOf(node.getEnd()) - start + 1;
      const name = functionName(node);
      if (length > MAX_FUNCTION_LINES)
        problems.push({
          key: `${path} ${name}`,
          message: `${path}:${start} ${name}: ${length} lines (max ${MAX_FUNCTION_LINES})`,
          lines: length,
        });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return problems;
}

/** `describe`, `describe.skip`, `describe.each(table)`, … */
function isDescribe(callee: ts.Expression): boolean {
  let root: ts.Expression = callee;
  while (ts.isPropertyAccessExpression(root) || ts.isCallExpression(root)) root = root.expression;
  return ts.isIdentifier(root) && root.text === 'describe';
}

function functionName(node: ts.SignatureDeclaration): string {
  if (node.name) return node.name.getText();
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) return parent.name.getText();
  if (ts.isCallExpression(parent)) {
    // `it('adds a play', () => …)` is named by its title; other callbacks by their callee.
    const title = parent.arguments[0];
    const callee = parent.expression.getText().slice(0, 40);
    if (!title || !ts.isStringLiteralLike(title)) return `callback of ${callee}`;
    return `${callee}('${title.text.length > 50 ? `${title.text.slice(0, 50)}…` : title.text}')`;
  }
  return ts.isConstructorDeclaration(node) ? 'constructor' : '(anonymous)';
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)))
    .sort();
}

function check(dirs: string[], options: CheckOptions): Problem[] {
  return dirs
    .flatMap(sourceFiles)
    .flatMap((path) => sizeProblems(path, readFileSync(join(ROOT, path), 'utf8'), options));
}

/**
 * Test code allowed over the limits (`path name` → its length): none today. An entry may
 * not grow, and must be deleted once its code is back within the limit.
 */
const TEST_EXCEPTIONS: Record<string, number> = {};

describe('size limits', () => {
  it('no file over 400 lines and no function over 80 in src/, sim/, bench/ and scripts/', () => {
    expect(check(['src', 'sim', 'bench', 'scripts'], { suites: false }).map((p) => p.message)).toEqual([]);
  });

  it('the same in test/, describe callbacks aside and the listed exceptions at most as long as listed', () => {
    const problems = check(['test'], { suites: true });
    const unlisted = problems.filter((p) => !(p.lines <= (TEST_EXCEPTIONS[p.key] ?? 0)));
    expect(unlisted.map((p) => p.message)).toEqual([]);
    const stale = Object.keys(TEST_EXCEPTIONS).filter((key) => !problems.some((p) => p.key === key));
    expect(stale, 'exceptions now within the limits: delete them').toEqual([]);
  });
});

describe('the size check', () => {
  const body = (n: number) => Array.from({ length: n }, (_, i) => `  const v${i} = ${i};`).join('\n');
  /** A function of exactly `lines` lines in the given shape. */
  const shapes = (lines: number) => ({
    declaration: `function f() {\n${body(lines - 2)}\n}\n`,
    arrow: `const f = () => {\n${body(lines - 2)}\n};\n`,
    expression: `const f = function () {\n${body(lines - 2)}\n};\n`,
    method: `class C {\n  m() {\n${body(lines - 2)}\n  }\n}\n`,
    callback: `run(() => {\n${body(lines - 2)}\n});\n`,
  });

  it('flags every kind of function over 80 lines, and none of 80', () => {
    for (const [shape, text] of Object.entries(shapes(81)))
      expect(sizeProblems(`${shape}.ts`, text, { suites: false }), shape).toHaveLength(1);
    for (const [shape, text] of Object.entries(shapes(80)))
      expect(sizeProblems(`${shape}.ts`, text, { suites: false }), shape).toEqual([]);
  });

  it('flags a file over 400 lines, and not one of 400', () => {
    const text = (n: number) =>
      Array.from({ length: n }, (_, i) => `export const v${i} = ${i};`).join('\n') + '\n';
    expect(sizeProblems('long.ts', text(401), { suites: false }).map((p) => p.message)).toEqual([
      'long.ts: 401 lines (max 400)',
    ]);
    expect(sizeProblems('ok.ts', text(400), { suites: false })).toEqual([]);
  });

  it('in test files, skips describe callbacks but not the tests inside them', () => {
    const suite = (test: number) =>
      `describe.each([1])('suite', () => {\n  it('t', () => {\n${body(test - 2)}\n  });\n${body(100)}\n});\n`;
    expect(sizeProblems('a.test.ts', suite(10), { suites: true })).toEqual([]);
    expect(sizeProblems('a.test.ts', suite(81), { suites: true }).map((p) => p.message)).toEqual([
      "a.test.ts:2 it('t'): 81 lines (max 80)",
    ]);
    expect(sizeProblems('a.test.ts', suite(10), { suites: false })).toHaveLength(1);
  });
});
