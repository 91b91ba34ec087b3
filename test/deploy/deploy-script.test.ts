import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEncore, startEncore } from '../../src/cli/serve.ts';
import { type AppContext, openAppContext } from '../../src/app/context.ts';
import { loadConfig } from '../../src/config/config.ts';
import { memoryLogger } from '../../src/util/logger.ts';
import { parseWarehouse } from '../../src/warehouse/target.ts';
import { REPO } from '../runtime/production-install.ts';

// deploy/gcp/deploy.sh against fake `gcloud` and `bq` (test/deploy/fake-bin) that log each
// call and keep what was created, so describe calls answer from that state.

const SCRIPT = join(REPO, 'deploy/gcp/deploy.sh');
const FAKE_BIN = join(REPO, 'test/deploy/fake-bin');
const PROJECT = 'encore-test-4242';
const TICKETMASTER = 'tm-key-SHOULD-NEVER-BE-LOGGED-81';
const SETLISTFM = 'setlist-key-SHOULD-NEVER-BE-LOGGED-92';
const INVOKER = `encore-scheduler@${PROJECT}.iam.gserviceaccount.com`;

interface Call {
  tool: string;
  args: string[];
}
interface FakeState {
  apis: string[];
  resources: Record<string, Record<string, string | boolean>>;
  secrets: Record<string, string[]>;
  bindings: string[];
  deploys: string[];
}

const dir = mkdtempSync(join(tmpdir(), 'encore-deploy-'));
const logPath = join(dir, 'calls.jsonl');
const statePath = join(dir, 'state.json');
const setlistFile = join(dir, 'setlist.key');

function deploy(env: Record<string, string>, fresh = false) {
  if (fresh) rmSync(logPath, { force: true });
  const result = spawnSync('bash', [SCRIPT], {
    env: {
      PATH: `${FAKE_BIN}:${process.env.PATH}`,
      HOME: dir,
      CI: 'true',
      FAKE_CLOUD_LOG: logPath,
      FAKE_CLOUD_STATE: statePath,
      ...env,
    },
    encoding: 'utf8',
    input: '',
  });
  return { ...result, output: `${result.stdout}${result.stderr}` };
}

const settings = () => ({
  PROJECT,
  IMAGE_TAG: 'abc1234',
  SCHEDULE_TIME_ZONE: 'Europe/Berlin',
  SPOTIFY_CLIENT_ID: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6',
  TICKETMASTER_API_KEY: TICKETMASTER,
  SETLISTFM_API_KEY_FILE: setlistFile,
});
const calls = (): Call[] =>
  readFileSync(logPath, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Call);
const state = (): FakeState => JSON.parse(readFileSync(statePath, 'utf8')) as FakeState;
/** The command words of a call: its arguments without flags (`--flag value`, `--flag=value`, `--switch`). */
function words(call: Call): string {
  const out: string[] = [];
  for (let i = 0; i < call.args.length; i++) {
    const arg = call.args[i]!;
    if (!arg.startsWith('--')) out.push(arg);
    else if (!arg.includes('=') && call.args[i + 1] !== undefined && !call.args[i + 1]!.startsWith('--')) i++;
  }
  return out.join(' ');
}
const creates = (list: Call[]) => list.filter((c) => /\b(create|mk|submit|enable)\b/.test(words(c)));
/** `--flag value` or `--flag=value` of a call. */
function flag(call: Call, name: string): string | undefined {
  const i = call.args.indexOf(`--${name}`);
  if (i >= 0) return call.args[i + 1];
  return call.args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}
function jobsConf(): Array<{ job: string; cron: string }> {
  return readFileSync(join(REPO, 'deploy/gcp/jobs.conf'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.trim().startsWith('#'))
    .map((line) => line.split('|').map((p) => p.trim()))
    .map(([job, cron]) => ({ job: job!, cron: cron! }));
}

let first: ReturnType<typeof deploy>;
let firstCalls: Call[];
let second: ReturnType<typeof deploy>;
let secondCalls: Call[];

beforeAll(() => {
  writeFileSync(setlistFile, `${SETLISTFM}\n`);
  chmodSync(setlistFile, 0o600);
  first = deploy(settings(), true);
  firstCalls = calls();
  second = deploy(settings(), true);
  secondCalls = calls();
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('deploy.sh, first run', () => {
  it('succeeds and creates each resource once', () => {
    expect(first.status, first.output).toBe(0);
    const made = creates(firstCalls).map(words);
    expect(made).toEqual([
      'services enable run.googleapis.com cloudbuild.googleapis.com artifactregistry.googleapis.com cloudscheduler.googleapis.com secretmanager.googleapis.com bigquery.googleapis.com storage.googleapis.com iam.googleapis.com',
      'artifacts repositories create encore',
      `storage buckets create gs://${PROJECT}-encore`,
      `mk ${PROJECT}:encore`,
      'iam service-accounts create encore-run',
      'iam service-accounts create encore-scheduler',
      'secrets create encore-secret-key',
      'secrets create encore-ticketmaster-api-key',
      'secrets create encore-setlistfm-api-key',
      `builds submit ${REPO}`,
      ...jobsConf().map(({ job }) => `scheduler jobs create http encore-${job}`),
    ]);
  });

  it('creates the bucket private, without soft delete of every overwritten state file', () => {
    const bucket = firstCalls.find((c) => words(c) === `storage buckets create gs://${PROJECT}-encore`)!;
    expect(flag(bucket, 'soft-delete-duration')).toBe('0');
    expect(bucket.args).toEqual(
      expect.arrayContaining(['--uniform-bucket-level-access', '--public-access-prevention']),
    );
  });

  it('deploys a private service with one instance at most, the secrets and the cloud settings', () => {
    const run = firstCalls.find((c) => words(c) === 'run deploy encore')!;
    expect(run.args).toContain('--no-allow-unauthenticated');
    expect(run.args).not.toContain('--allow-unauthenticated');
    expect(flag(run, 'max-instances')).toBe('1');
    expect(flag(run, 'image')).toBe(`us-central1-docker.pkg.dev/${PROJECT}/encore/encore:abc1234`);
    expect(flag(run, 'set-secrets')!.split(',').sort()).toEqual([
      'ENCORE_SECRET_KEY=encore-secret-key:latest',
      'SETLISTFM_API_KEY=encore-setlistfm-api-key:latest',
      'TICKETMASTER_API_KEY=encore-ticketmaster-api-key:latest',
    ]);
    const env = Object.fromEntries(
      flag(run, 'set-env-vars')!
        .split(',')
        .map((kv) => kv.split(/=(.*)/s)),
    );
    expect(env).toMatchObject({
      ENCORE_STATE_URL: `gs://${PROJECT}-encore/encore.duckdb`,
      ENCORE_WAREHOUSE: `bigquery://${PROJECT}/encore`,
      ENCORE_SHOWS_EXPORT: `gs://${PROJECT}-encore/shows.csv`,
      ENCORE_SCHEDULER: 'external',
      ENCORE_JOB_INVOKER: INVOKER,
    });
    // The values deploy.sh writes are ones encore accepts.
    const config = loadConfig({ env: { ...env, ENCORE_DATA_DIR: dir }, dotenvPath: null, cwd: dir });
    expect(config.timeZone).toBe('Europe/Berlin');
    expect(parseWarehouse(env.ENCORE_WAREHOUSE)).toMatchObject({ projectId: PROJECT, datasetId: 'encore' });
  });

  it('schedules every job in jobs.conf with an OIDC token for the invoker account', () => {
    const url = 'https://encore-fake.a.run.app';
    for (const { job, cron } of jobsConf()) {
      const call = firstCalls.find((c) => words(c) === `scheduler jobs create http encore-${job}`)!;
      expect(flag(call, 'uri')).toBe(`${url}/jobs/${job}`);
      expect(flag(call, 'schedule')).toBe(cron);
      expect(flag(call, 'http-method')).toBe('POST');
      expect(flag(call, 'oidc-service-account-email')).toBe(INVOKER);
      expect(flag(call, 'oidc-token-audience')).toBe(url);
      expect(flag(call, 'time-zone')).toBe('Europe/Berlin');
    }
    expect(jobsConf().find((j) => j.job === 'capture')?.cron).toBe('* * * * *');
    expect(state().bindings).toContain(`service/encore serviceAccount:${INVOKER} roles/run.invoker`);
    const runSa = `serviceAccount:encore-run@${PROJECT}.iam.gserviceaccount.com`;
    expect(state().bindings).toContain(
      `secret/encore-secret-key ${runSa} roles/secretmanager.secretAccessor`,
    );
  });

  it('sends secret values on stdin only: never in arguments or output', () => {
    const stored = state().secrets;
    expect(stored['encore-ticketmaster-api-key']).toEqual([TICKETMASTER]);
    expect(stored['encore-setlistfm-api-key']).toEqual([SETLISTFM]);
    const generated = stored['encore-secret-key']![0]!;
    expect(Buffer.from(generated, 'base64')).toHaveLength(32);
    const log = readFileSync(logPath, 'utf8') + JSON.stringify(firstCalls);
    for (const secret of [TICKETMASTER, SETLISTFM, generated]) {
      expect(log).not.toContain(secret);
      expect(first.output).not.toContain(secret);
      expect(second.output).not.toContain(secret);
    }
  });
});

describe('deploy.sh, second run', () => {
  it('creates nothing: it describes, then updates the service and the schedules', () => {
    expect(second.status, second.output).toBe(0);
    expect(creates(secondCalls).map(words)).toEqual([]);
    expect(secondCalls.filter((c) => words(c) === 'run deploy encore')).toHaveLength(1);
    const updated = secondCalls.filter((c) => words(c).startsWith('scheduler jobs update http')).map(words);
    expect(updated).toEqual(jobsConf().map(({ job }) => `scheduler jobs update http encore-${job}`));
    expect(second.stdout).toContain('already built');
    expect(state().secrets['encore-ticketmaster-api-key']).toEqual([TICKETMASTER]);
  });

  it('adds a secret version only when asked to rotate', () => {
    const rotated = deploy(
      { ...settings(), ROTATE_SECRETS: '1', TICKETMASTER_API_KEY: 'tm-rotated-key-777' },
      true,
    );
    expect(rotated.status, rotated.output).toBe(0);
    expect(state().secrets['encore-ticketmaster-api-key']).toEqual([TICKETMASTER, 'tm-rotated-key-777']);
    expect(JSON.stringify(calls())).not.toContain('tm-rotated-key-777');
  });
});

describe('deploy.sh refuses bad settings before calling Google', () => {
  it.each([
    [{ PROJECT: '' }, 'PROJECT is not set: export PROJECT=<your Google Cloud project id>'],
    [{ PROJECT: 'My_Project' }, 'PROJECT "My_Project" is not a Google Cloud project id'],
    [{ DATASET: 'my-plays' }, 'DATASET "my-plays" may only hold letters, digits and underscores'],
  ])('%o', (override, message) => {
    const result = deploy({ ...settings(), ...override }, true);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`deploy.sh: ${message}`);
    expect(() => readFileSync(logPath)).toThrow(); // no gcloud or bq call at all
  });

  it('names an unreadable secret file without printing anything from it', () => {
    rmSync(statePath, { force: true });
    const result = deploy({ ...settings(), SETLISTFM_API_KEY_FILE: join(dir, 'missing.key') }, true);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `SETLISTFM_API_KEY_FILE names a file that cannot be read: ${dir}/missing.key`,
    );
  });
});

describe('jobs.conf and the job routes of encore serve', () => {
  let ctx: AppContext;
  let encore: RunningEncore;

  beforeAll(async () => {
    const data = mkdtempSync(join(tmpdir(), 'encore-deploy-serve-'));
    const config = loadConfig({
      env: { ENCORE_DATA_DIR: data, ENCORE_SCHEDULER: 'external', ENCORE_JOB_INVOKER: INVOKER },
      dotenvPath: null,
      cwd: data,
    });
    ctx = await openAppContext({ config, logger: memoryLogger({ demo: true }) });
    encore = await startEncore(ctx, { port: 0, tickMs: 3_600_000, firstDemoShowsSync: false });
  });

  afterAll(async () => {
    await encore?.stop();
    await ctx?.close();
  });

  const oidc = (email: string) => {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const exp = Math.floor(Date.now() / 1000) + 3600;
    return `${part({ alg: 'RS256' })}.${part({ email, email_verified: true, exp })}.c2ln`;
  };
  const post = (name: string) =>
    fetch(`${encore.web.url}/jobs/${name}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${oidc(INVOKER)}` },
    });

  it('schedules exactly the jobs encore serve runs', () => {
    expect(
      jobsConf()
        .map((j) => j.job)
        .sort(),
    ).toEqual([...encore.scheduler.jobs].sort());
  });

  it('a scheduled call as Cloud Scheduler makes it runs the job; an unknown name is 404', async () => {
    const capture = await post('capture');
    expect(capture.status).toBe(200);
    const report = (await capture.json()) as { outcome: string; counts: Record<string, number> };
    expect(report.outcome).toBe('ok');
    expect(report.counts.users_polled).toBeGreaterThan(0);
    expect((await post('not-a-job')).status).toBe(404);
  });
});
