// A reader that closes early (`encore status | head -1`) ends encore quietly with exit code 0,
// in real processes; other stdout errors stay loud.
import { spawn, spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exitQuietlyOnClosedPipe } from '../../src/cli/epipe.ts';

const ROOT = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'encore-epipe-'));
const env = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  ENCORE_TIMEZONE: 'UTC',
  ENCORE_DATA_DIR: dir,
  ENCORE_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'),
};

/** Runs encore with stdout read by a reader that closes after `lines` lines (0: at once). */
async function pipedIntoHead(args: string[], lines: number) {
  const child = spawn(process.execPath, [join(ROOT, 'bin/encore.js'), ...args], { cwd: dir, env });
  let err = '';
  let read = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  if (lines === 0) child.stdout.destroy();
  else
    child.stdout.on('data', (c: Buffer) => {
      read += c.toString();
      if (read.split('\n').length > lines) child.stdout.destroy();
    });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, err, first: read.split('\n')[0] };
}

describe('stdout closed by the reader', () => {
  beforeAll(() => {
    const connect = spawnSync(
      process.execPath,
      [join(ROOT, 'bin/encore.js'), 'connect', '--demo-user', 'demo-bob'],
      {
        cwd: dir,
        env,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(connect.status).toBe(0);
  }, 120_000);

  it('`encore status | head -1` prints the first line and exits 0 without a stack trace', async () => {
    const status = await pipedIntoHead(['status'], 1);
    expect(status.first).toContain('demo-bob');
    expect(status.err).not.toContain('EPIPE');
    expect(status.err).not.toMatch(/\n\s+at /);
    expect(status.code).toBe(0);
  }, 120_000);

  it('`encore status` into a reader that is already gone exits 0 quietly', async () => {
    // The pipe is closed before encore writes its first line, so every write fails: without
    // the handler this crashes on each run, not only when the reader wins a race.
    const status = await pipedIntoHead(['status'], 0);
    expect(status.err).not.toContain('EPIPE');
    expect(status.err).not.toMatch(/\n\s+at /);
    expect(status.code).toBe(0);
  }, 60_000);

  it('a shell pipeline `encore plays | head -1` ends with exit code 0', () => {
    const run = spawnSync(
      'bash',
      // pipefail: the pipeline's status is encore's own when it fails.
      [
        '-o',
        'pipefail',
        '-c',
        `"${process.execPath}" "${join(ROOT, 'bin/encore.js')}" plays --limit 200 | head -1`,
      ],
      { cwd: dir, env, encoding: 'utf8', timeout: 60_000 },
    );
    expect(run.stdout.split('\n')[0]).toMatch(/^ended\s+track/);
    expect(run.stderr).not.toContain('EPIPE');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.status).toBe(0);
  }, 60_000);

  it('another stdout error is not swallowed', () => {
    const stream = new EventEmitter() as unknown as NodeJS.WriteStream;
    const exits: number[] = [];
    exitQuietlyOnClosedPipe(stream, (code) => exits.push(code));
    const io = Object.assign(new Error('write EIO'), { code: 'EIO' });
    expect(() => stream.emit('error', io)).toThrow('write EIO');
    expect(exits).toEqual([]);
    stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(exits).toEqual([0]);
  });
});
