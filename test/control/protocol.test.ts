import { chmodSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { controlPaths, lineReader, parseFrame, parseRequest } from '../../src/control/protocol.ts';
import { createToken, readToken, tokensMatch } from '../../src/control/token.ts';

describe('the control channel: paths, lines and frames', () => {
  it('names socket and token after the database, in the data folder', () => {
    expect(controlPaths({ dataDir: '/srv/encore', dbPath: '/srv/encore/encore-demo.duckdb' })).toEqual({
      socket: '/srv/encore/.encore-control/encore-demo.sock',
      token: '/srv/encore/.encore-control/encore-demo.token',
    });
  });

  it('puts the socket of a data folder too deep for a socket path in the temp folder', () => {
    const dataDir = `/srv/${'deep/'.repeat(25)}encore`;
    const paths = controlPaths({ dataDir, dbPath: join(dataDir, 'encore.duckdb') });
    expect(paths.socket).toMatch(new RegExp(`^${tmpdir()}/encore-[0-9a-f]{16}\\.sock$`));
    expect(Buffer.byteLength(paths.socket)).toBeLessThanOrEqual(100);
    expect(paths.token).toBe(join(dataDir, '.encore-control/encore.token'));
    // Another database gets another socket.
    expect(controlPaths({ dataDir, dbPath: join(dataDir, 'other.duckdb') }).socket).not.toBe(paths.socket);
  });

  it('reads lines across chunks, also when a chunk ends inside a character', () => {
    const lines: string[] = [];
    const read = lineReader((line) => lines.push(line));
    const bytes = Buffer.from('{"a":"é"}\n{"b":"ü');
    read(bytes.subarray(0, 8)); // ends between the two bytes of é
    read(bytes.subarray(8));
    read(Buffer.from('"}\n'));
    expect(lines).toEqual(['{"a":"é"}', '{"b":"ü"}']);
  });

  it('gives up on a line that never ends', () => {
    let overflowed = 0;
    const read = lineReader(() => undefined, { maxLine: 10, onOverflow: () => (overflowed += 1) });
    read(Buffer.from('x'.repeat(11)));
    read(Buffer.from('more\n'));
    expect(overflowed).toBe(1);
  });

  it('accepts only well-formed requests and frames', () => {
    const request = {
      version: 1,
      token: 't',
      dbPath: '/d',
      argv: ['status'],
      cwd: '/',
      tty: { stdout: true },
    };
    expect(parseRequest(JSON.stringify(request))).toEqual({
      ...request,
      tty: { stdout: true, stderr: false },
    });
    expect(parseRequest(JSON.stringify({ ...request, argv: ['status', 3] }))).toBeUndefined();
    expect(parseRequest(JSON.stringify({ ...request, token: undefined }))).toBeUndefined();
    expect(parseRequest('not json')).toBeUndefined();
    expect(parseFrame('{"type":"exit","code":2}')).toEqual({ type: 'exit', code: 2 });
    expect(parseFrame('{"type":"exit","code":"2"}')).toBeUndefined();
    expect(parseFrame('{"type":"output","stream":"stdin","data":"x"}')).toBeUndefined();
  });
});

describe('the control token', () => {
  it('is 32 random bytes in a file of mode 0600, replacing a looser earlier one', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'encore-token-')), 'control', 'encore.token');
    const first = createToken(path);
    chmodSync(path, 0o644);
    const second = createToken(path);
    expect(second).toMatch(/^[0-9a-f]{64}$/);
    expect(second).not.toBe(first);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toBe(`${second}\n`);
    expect(readToken(path)).toBe(second);
    expect(readToken(join(path, '..', 'none.token'))).toBeUndefined();
  });

  it('matches only the same token, never an empty one', () => {
    expect(tokensMatch('abc', 'abc')).toBe(true);
    expect(tokensMatch('abc', 'abd')).toBe(false);
    expect(tokensMatch('abc', 'abcd')).toBe(false);
    expect(tokensMatch('', '')).toBe(false);
  });
});
