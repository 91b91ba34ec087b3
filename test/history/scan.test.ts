import { describe, expect, it } from 'vitest';
import { ArrayScanner, LineScanner } from '../../src/history/json-scan.ts';
import { Utf8Check } from '../../src/history/utf8-check.ts';

/** Splits bytes into chunks of `size` (the importer reads 4 MiB chunks; tests use tiny ones). */
function chunked(bytes: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

function scanArray(text: string, size: number): { elements: unknown[]; error: string | null } {
  const scanner = new ArrayScanner();
  const elements: unknown[] = [];
  const collect = (b: Buffer, start: number, end: number) =>
    elements.push(JSON.parse(b.toString('utf8', start, end)));
  for (const chunk of chunked(Buffer.from(text, 'utf8'), size)) {
    const error = scanner.push(chunk, collect);
    if (error) return { elements, error };
  }
  return { elements, error: scanner.end(collect) };
}

const tricky = [
  { s: 'quote " and backslash \\ and \\" mixed', n: null },
  // Quotes after runs of backslashes: escaped when the run is odd, closing when even.
  { s: 'ends with a backslash \\', t: '\\\\', u: '\\\\"\\\\\\', v: '\\"}' },
  { nested: { deep: [1, [2, { x: '}]' }]] }, emoji: '🎵 坂本 ü' },
  'a string element, with a comma ] and brace }',
  42,
  -1.5e3,
  true,
  null,
  [],
  {},
];

describe('ArrayScanner', () => {
  for (const size of [1, 2, 3, 7, 64, 1 << 20]) {
    it(`finds every element whatever the chunk size (${size} bytes)`, () => {
      for (const text of [JSON.stringify(tricky), `\uFEFF  ${JSON.stringify(tricky, null, 2)}\n`]) {
        expect(scanArray(text, size)).toEqual({ elements: tricky, error: null });
      }
    });
  }

  it('completes elements split between large chunks from a prefix of the next chunk', () => {
    // Chunks above the 64 KiB prefix the scanner first tries, with elements of every size
    // (one longer than a whole prefix) falling across chunk boundaries at many offsets.
    const rows: unknown[] = [];
    for (let i = 0; i < 3000; i++)
      rows.push({ i, name: `row ${i} ${'ü'.repeat(i % 97)}`, tail: [i, { x: '}]' }] });
    rows.splice(1500, 0, { big: 'x'.repeat(300_000) }, 7, 'text ] }', true);
    const text = JSON.stringify(rows, null, 1);
    for (const size of [70_000, 131_071, 262_144, 400_003]) {
      expect(scanArray(text, size)).toEqual({ elements: rows, error: null });
    }
  });

  it('reads an empty list', () => {
    expect(scanArray(' [ ] ', 1)).toEqual({ elements: [], error: null });
  });

  it('reports a truncated list, after the elements that were complete', () => {
    const text = JSON.stringify([{ a: 1 }, { b: 2 }, { c: 3 }]);
    expect(scanArray(text.slice(0, -6), 4)).toEqual({
      elements: [{ a: 1 }, { b: 2 }],
      error: 'the list never closes (truncated file?)',
    });
    expect(scanArray('[{"a": "unterminated', 3).error).toBe('the list never closes (truncated file?)');
  });

  it('reports what is not one JSON list', () => {
    expect(scanArray('{"a": 1}', 2).error).toBe('not a list');
    expect(scanArray('[1, 2] [3]', 2).error).toBe('unexpected content after the list');
    expect(scanArray('[1 2]', 2).error).toBe('unexpected character after an element');
    expect(scanArray('[1,,2]', 2).error).toBe('unexpected character where an element should be');
  });
});

describe('LineScanner', () => {
  it('yields non-blank lines with their line numbers across chunks', () => {
    const text = '\uFEFF{"a":1}\r\n\n  {"b":"é"}  \n{"c":3}';
    for (const size of [1, 5, 100]) {
      const scanner = new LineScanner();
      const lines: Array<[string, number]> = [];
      const onLine = (b: Buffer, start: number, end: number, n: number) =>
        lines.push([b.toString('utf8', start, end), n]);
      for (const chunk of chunked(Buffer.from(text, 'utf8'), size)) scanner.push(chunk, onLine);
      scanner.end(onLine);
      expect(lines).toEqual([
        ['{"a":1}', 1],
        ['{"b":"é"}', 3],
        ['{"c":3}', 4],
      ]);
    }
  });
});

describe('Utf8Check', () => {
  const check = (bytes: Buffer, size: number) => {
    const utf8 = new Utf8Check();
    for (const chunk of chunked(bytes, size)) if (!utf8.push(chunk)) return false;
    return utf8.end();
  };

  it('accepts valid UTF-8 split anywhere, including inside multi-byte characters', () => {
    const bytes = Buffer.from('ascii ü 坂本 🎵 end', 'utf8');
    for (const size of [1, 2, 3, 4, 5, 1000]) expect(check(bytes, size)).toBe(true);
  });

  it('refuses Latin-1, stray continuation bytes, overlong forms and a cut-off last character', () => {
    for (const size of [1, 2, 3, 1000]) {
      expect(check(Buffer.from('caf\xe9 au lait', 'latin1'), size)).toBe(false);
      expect(check(Buffer.from([0x61, 0x80, 0x62]), size)).toBe(false);
      expect(check(Buffer.from([0xc0, 0xaf]), size)).toBe(false);
      expect(check(Buffer.from('🎵', 'utf8').subarray(0, 3), size)).toBe(false);
    }
  });
});
