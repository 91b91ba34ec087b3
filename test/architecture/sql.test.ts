import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// SQL lives in store/ and analytics/ (and a domain's own store module): the edges — web
// routes, CLI commands, app/ and the pipelines in jobs/ — run none of their own.
const EDGES = ['src/web', 'src/cli', 'src/app', 'src/jobs'];
const SQL = /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|CREATE|DROP|ALTER|COPY|PRAGMA|CHECKPOINT|ATTACH)\b/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** `file:line` of every string or template literal that starts like a SQL statement. */
export function sqlLiterals(file: string, text = readFileSync(file, 'utf8')): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    const literal =
      ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)
        ? node.text
        : ts.isTemplateExpression(node)
          ? node.head.text
          : undefined;
    if (literal !== undefined && SQL.test(literal))
      found.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('where SQL lives', () => {
  it('web, cli, app and jobs run no SQL of their own', () => {
    expect(EDGES.flatMap((dir) => sourceFiles(dir)).flatMap((f) => sqlLiterals(f))).toEqual([]);
  });

  it('sees a statement in a string and in a template (the checker itself)', () => {
    const code =
      "const a = 'SELECT 1';\nconst b = `\n  INSERT INTO t VALUES (${a})`;\nconst c = 'Select a place';\n";
    expect(sqlLiterals('x.ts', code)).toEqual(['x.ts:1', 'x.ts:2']);
  });
});
