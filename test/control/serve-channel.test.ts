import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendCommand } from '../../src/control/client.ts';
import { exportFile, serveWorld, waitUntil } from './serve-world.ts';

/**
 * The CLI while `encore serve` runs: a real serve process holds the database, and real
 * `encore` processes send their commands to it over the control socket.
 */

const world = serveWorld();
const dbPath = join(world.dataDir, 'encore-demo.duckdb');
let holder: ChildProcess | undefined;

beforeAll(() => world.startServe(), 180_000);

afterAll(async () => {
  holder?.kill('SIGKILL');
  await world.stopServe('SIGKILL');
});

describe('encore commands while `encore serve` holds the database (real processes)', () => {
  it('serve writes its token with mode 0600, next to a socket only its user may use', () => {
    expect(statSync(world.paths.token).mode & 0o777).toBe(0o600);
    expect(statSync(world.paths.socket).mode & 0o777).toBe(0o600);
    expect(statSync(join(world.dataDir, '.encore-control')).mode & 0o777).toBe(0o700);
    expect(readFileSync(world.paths.token, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
  });

  it('runs status and plays in the server and prints their output', async () => {
    const status = await world.encore(['status', '--json']);
    expect(status.code, status.err).toBe(0);
    const accounts = JSON.parse(status.out) as Array<{ userId: string; playsStored: number }>;
    expect(accounts.map((a) => a.userId).sort()).toEqual(['demo-alice', 'demo-bob', 'demo-chen']);
    expect(world.log()).toContain('command from the CLI command=status exit=0');
    const plays = await world.encore(['plays', '--user', 'demo-bob', '--limit', '2']);
    expect(plays.code, plays.err).toBe(0);
    expect(plays.out).toMatch(/ended\s+track\s+artist/);
  }, 120_000);

  it('ends with the exit code and error text of the command that failed in the server', async () => {
    const ambiguous = await world.encore(['plays']);
    expect([ambiguous.code, ambiguous.err]).toEqual([
      2,
      'encore: Several accounts are connected (demo-alice, demo-bob, demo-chen); choose one with --user.\n',
    ]);
    // Exit code 1 (a refused file) rather than 2: the code is the command's, not a constant.
    exportFile(join(world.root, 'someone.jsonl'), 'someone-else', 10);
    const refused = await world.encore(['import', 'someone.jsonl', '--user', 'demo-bob']);
    expect(refused.code, refused.out + refused.err).toBe(1);
    expect(refused.out).toContain('someone-else');
    // Commands that make no sense inside the server say so.
    const serve = await world.encore(['serve']);
    expect([serve.code, serve.err]).toEqual([
      2,
      'encore: encore serve is already running with this database; stop it first to start another.\n',
    ]);
    // Nobody can answer a question in the server: the command refuses as without a terminal.
    const add = ['places', 'add', 'Home', '--lat', '42.9', '--lon', '-78.9'];
    expect((await world.encore(add)).code).toBe(0);
    const moved = await world.encore(['places', 'add', 'Home', '--lat', '40.7', '--lon', '-74.0']);
    expect(moved.code).toBe(2);
    expect(moved.err).toContain('Pass --yes to replace it');
    expect(moved.err).toContain('(encore serve runs this command and cannot ask.)');
  }, 180_000);

  it('streams progress while a long import runs, and a second command waits its turn', async () => {
    const sub = join(world.root, 'sub');
    mkdirSync(sub, { recursive: true });
    exportFile(join(sub, 'big.jsonl'), 'demo-bob', 60_000);
    let second: Promise<Awaited<ReturnType<typeof world.encore>>> | undefined;
    // A relative path, from another folder than the server's: it means the CLI's file.
    const big = await world.encore(['import', 'big.jsonl', '--user', 'demo-bob'], {
      cwd: sub,
      onOutput: () => (second = world.encore(['status', '--json'])),
    });
    expect(big.code, big.err).toBe(0);
    expect(big.out).toMatch(/plays added\s+60,000/);
    expect(big.err).toMatch(/^Importing history/);
    // The first progress line came well before the import ended.
    expect(big.endedAt - big.firstOutputAt!).toBeGreaterThan(500);
    const status = await second!;
    expect(status.code, status.err).toBe(0);
    expect(status.err).toContain('encore: waiting for another command to finish');
    expect(status.endedAt).toBeGreaterThan(big.endedAt);
    const bob = (JSON.parse(status.out) as Array<{ userId: string; playsStored: number }>).find(
      (a) => a.userId === 'demo-bob',
    );
    expect(bob!.playsStored).toBeGreaterThan(60_000);
  }, 240_000);

  it('refuses a wrong or missing token and runs nothing', async () => {
    const wrongToken = join(world.root, 'wrong.token');
    writeFileSync(wrongToken, 'f'.repeat(64), { mode: 0o600 });
    const intruder = ['places', 'add', 'Intruder', '--lat', '10', '--lon', '10'];
    const printed: string[] = [];
    const outcome = await sendCommand({
      paths: { socket: world.paths.socket, token: wrongToken },
      dbPath,
      argv: intruder,
      cwd: world.root,
      tty: { stdout: false, stderr: false },
      write: (_stream, data) => printed.push(data),
    });
    expect(outcome).toEqual({
      kind: 'refused',
      reason: 'token',
      message: 'the control token does not match',
    });
    expect(printed).toEqual([]);
    // A request without a token at all.
    const answer = await rawRequest({ version: 1, dbPath, argv: intruder, cwd: world.root, tty: {} });
    expect(JSON.parse(answer)).toEqual({
      type: 'refused',
      reason: 'request',
      message: 'not a control request',
    });
    // The CLI with a token file that does not match the server's.
    const real = readFileSync(world.paths.token, 'utf8');
    writeFileSync(world.paths.token, `${'0'.repeat(64)}\n`);
    try {
      const cli = await world.encore(intruder);
      expect([cli.code, cli.err]).toEqual([
        2,
        'encore: encore serve holds this database and refused the command: the control token does not match.\n',
      ]);
    } finally {
      writeFileSync(world.paths.token, real);
    }
    const places = await world.encore(['places', 'list']);
    expect(places.code, places.err).toBe(0);
    expect(places.out).toContain('Home');
    expect(places.out).not.toContain('Intruder');
    expect(world.log()).toContain('refused a CLI command: wrong control token');
  }, 120_000);

  it('after a crash the CLI opens the file itself; a new serve takes the stale socket over', async () => {
    await world.stopServe('SIGKILL'); // no clean stop: socket and token stay behind
    expect(existsSync(world.paths.socket)).toBe(true);
    const alone = await world.encore(['status', '--json']);
    expect(alone.code, alone.err).toBe(0);
    expect(JSON.parse(alone.out)).toHaveLength(3);
    // Held by a process that is no server (the stale socket answers nobody): the old refusal.
    holder = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', holdDatabase(dbPath)], {
      cwd: join(import.meta.dirname, '../..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let held = '';
    holder.stdout!.on('data', (chunk: Buffer) => (held += chunk.toString('utf8')));
    await waitUntil(() => held.includes('held'), 60_000);
    const locked = await world.encore(['status']);
    expect(locked.code).toBe(2);
    expect(locked.err).toContain('encore: encore is already running with this database');
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder!.once('close', resolve));
    await world.startServe();
    const through = await world.encore(['status', '--json']);
    expect(through.code, through.err).toBe(0);
    expect(world.log()).toContain('command from the CLI command=status exit=0');
    await world.stopServe('SIGTERM');
    expect(existsSync(world.paths.socket)).toBe(false);
    expect(existsSync(world.paths.token)).toBe(false);
  }, 300_000);
});

/** A script that opens the database and keeps it open until killed. */
function holdDatabase(path: string): string {
  return `import { openStore } from './src/store/open.ts';
    await openStore(${JSON.stringify(path)});
    console.log('held');
    setInterval(() => {}, 1000);`;
}

/** Sends one request line on the control socket and returns the first line of the answer. */
function rawRequest(request: unknown): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(world.paths.socket);
    let answer = '';
    socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
    socket.on('error', reject);
    socket.on('close', () => resolve(answer.split('\n')[0]!));
  });
}
