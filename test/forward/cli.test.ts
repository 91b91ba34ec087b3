import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listTargets } from '../../src/forward/targets.ts';
import { readInFlight } from '../../src/forward/ledger.ts';
import { addPlays, type ForwardWorld, LB_TOKEN, startForwardWorld } from './world.ts';

const ROOT = join(import.meta.dirname, '../..');
let w: ForwardWorld;

function start(args: string[]): {
  child: ChildProcess;
  done: Promise<{ code: number | null; out: string; err: string }>;
} {
  const child = spawn(process.execPath, [join(ROOT, 'bin/encore.js'), ...args], {
    cwd: w.dir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ENCORE_TIMEZONE: 'UTC', ...w.env },
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (err += String(d)));
  const done = new Promise<{ code: number | null; out: string; err: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, out, err })),
  );
  Object.defineProperty(child, 'output', { get: () => out });
  return { child, done };
}
const encore = (args: string[]) => start(args).done;

async function until(test: () => boolean, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  w = await startForwardWorld();
  w.clock.set(Date.now()); // the child processes run on the real clock
  await addPlays(w.db, 'anna', 30, { lastAtMs: Date.now() - 60_000, gapMs: 240_000 });
  await w.db.close(); // the CLI opens the database file itself
});
afterAll(() => w.close());

describe('encore forward (real processes, simulators over HTTP)', () => {
  it('adds ListenBrainz after validating the token; refuses a missing file and an invalid token', async () => {
    const missing = await encore([
      'forward',
      'add',
      'listenbrainz',
      '--user',
      'anna',
      '--token-file',
      'nope.txt',
    ]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--token-file nope.txt does not exist');
    writeFileSync(join(w.dir, 'bad.txt'), 'not-a-real-token\n');
    const bad = await encore(['forward', 'add', 'listenbrainz', '--user', 'anna', '--token-file', 'bad.txt']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/ListenBrainz says this token is not valid/);
    writeFileSync(join(w.dir, 'lb.txt'), `${LB_TOKEN}\n`);
    const since = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const ok = await encore([
      'forward',
      'add',
      'listenbrainz',
      '--user',
      'anna',
      '--token-file',
      'lb.txt',
      '--since',
      since,
    ]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/Forwarding anna's plays to ListenBrainz as anna-lb \(fwd_[0-9a-f]{8}\)/);
    expect(ok.out + ok.err).not.toContain(LB_TOKEN);
    const badSince = await encore(['forward', 'run', '--since', 'last year']);
    expect(badSince.code).toBe(2);
    expect(badSince.err).toContain('is not a date; use YYYY-MM-DD');
  }, 120_000);

  it('adds Last.fm by web auth: prints the page, waits until the user allows access', async () => {
    const since = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const run = start([
      'forward',
      'add',
      'lastfm',
      '--user',
      'anna',
      '--since',
      since,
      '--wait-seconds',
      '60',
    ]);
    const output = () => (run.child as unknown as { output: string }).output;
    await until(() => /http:\/\/127\.0\.0\.1:\d+\/api\/auth\/\S+/.test(output()), 'the auth URL');
    const url = new URL(/(http:\/\/127\.0\.0\.1:\d+\/api\/auth\/\S+)/.exec(output())![1]!);
    expect(url.searchParams.get('api_key')).toBe('fm-key');
    const page = await fetch(url);
    expect(page.status).toBe(200);
    await fetch(w.fm.authUrl, {
      method: 'POST',
      body: new URLSearchParams({ token: url.searchParams.get('token')!, user: 'anna-fm' }),
    });
    const result = await run.done;
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/Forwarding anna's plays to Last\.fm as anna-fm/);
    const list = await encore(['forward', 'list']);
    expect(list.out).toMatch(/ListenBrainz\s+anna-lb\s+ok/);
    expect(list.out).toMatch(/Last\.fm\s+anna-fm\s+ok/);
  }, 120_000);

  it('a crash mid-batch sends nothing twice: the next run asks the target what arrived', async () => {
    w.lb.state.faults.inject('stall'); // stores the listens, then never answers
    const run = start(['forward', 'run', '--user', 'anna']);
    await until(() => w.lb.state.stalled.length === 1, 'the stalled submission');
    run.child.kill('SIGKILL');
    await run.done;
    expect(w.lb.state.received).toHaveLength(30);
    await w.reopen();
    const [, lb] = await listTargets(w.db, 'anna');
    expect(await readInFlight(w.db, lb!.targetId)).toHaveLength(30);
    await addPlays(w.db, 'anna', 2, { prefix: 'After', lastAtMs: Date.now() - 1000, gapMs: 10_000 });
    w.clock.set(Date.now());
    await w.db.close();
    const again = await encore(['forward', 'run', '--user', 'anna']);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/30 found already delivered after an interrupted batch/);
    expect(w.lb.state.received.map((l) => l.track)).toEqual([
      ...Array.from({ length: 30 }, (_, i) => `Song ${i}`),
      'After 0',
      'After 1',
    ]);
    expect(w.lb.state.duplicates).toBe(0);
    expect(w.fm.state.scrobbles).toHaveLength(32);
    expect(w.fm.state.duplicates).toBe(0);
  }, 120_000);

  it('retries dead letters and removes a target', async () => {
    const retry = await encore(['forward', 'retry', '--user', 'anna']);
    expect(retry.code).toBe(0);
    expect(retry.out).toContain('0 dead letter(s) queued again.');
    const remove = await encore(['forward', 'remove', 'lastfm', '--user', 'anna']);
    expect(remove.out).toMatch(/Stopped forwarding anna's plays to Last\.fm/);
    const unknown = await encore(['forward', 'remove', 'lastfm', '--user', 'anna']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('No forward target "lastfm" for anna');
    const list = await encore(['forward', 'list']);
    expect(list.out).not.toContain('Last.fm');
  }, 120_000);
});
