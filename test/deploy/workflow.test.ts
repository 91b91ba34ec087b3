import { accessSync, constants, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { REPO } from '../runtime/production-install.ts';

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, string | number>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  if?: string;
  permissions?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: { push: { branches: string[] } };
  jobs: Record<string, Job>;
}

const text = readFileSync(join(REPO, '.github/workflows/deploy.yml'), 'utf8');
const workflow = load(text) as Workflow;
const { test, deploy } = workflow.jobs;
const stepIndex = (job: Job, match: (s: Step) => boolean) => job.steps.findIndex(match);

describe('.github/workflows/deploy.yml', () => {
  it('runs on push to main', () => {
    expect(workflow.on.push.branches).toEqual(['main']);
  });

  it('tests the way CI does: Node 20, npm ci, lint, the whole suite with Chromium', () => {
    expect(test!.steps[0]!.uses).toMatch(/^actions\/checkout@v\d+$/);
    const node = test!.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(String(node?.with?.['node-version'])).toBe('20');
    const runs = test!.steps.map((s) => s.run?.trim()).filter(Boolean);
    expect(runs.slice(-3)).toEqual(['npm ci --no-audit --no-fund', 'npm run lint', 'npm test']);
    // The same Chromium install as .ci/run, so the e2e tests find /usr/bin/chromium.
    const install = 'apt-get install -y -qq --no-install-recommends chromium';
    expect(readFileSync(join(REPO, '.ci/run'), 'utf8')).toContain(install);
    expect(runs.some((r) => r!.includes(install))).toBe(true);
  });

  it('deploys only after the tests pass, only from main', () => {
    expect([deploy!.needs].flat()).toContain('test');
    expect(deploy!.if).toBe("github.ref == 'refs/heads/main'");
  });

  it('signs in with Workload Identity Federation, never a JSON key', () => {
    expect(deploy!.permissions).toMatchObject({ 'id-token': 'write' });
    const auth = stepIndex(deploy!, (s) => /^google-github-actions\/auth@v\d+$/.test(s.uses ?? ''));
    expect(auth).toBeGreaterThan(stepIndex(deploy!, (s) => s.uses?.startsWith('actions/checkout@') ?? false));
    expect(Object.keys(deploy!.steps[auth]!.with ?? {})).toEqual(
      expect.arrayContaining(['workload_identity_provider', 'service_account']),
    );
    expect(text).not.toMatch(/credentials_json|GOOGLE_APPLICATION_CREDENTIALS/);
  });

  it('runs deploy/gcp/deploy.sh after sign-in, with settings deploy.sh reads', () => {
    const run = stepIndex(deploy!, (s) => s.run?.trim() === 'deploy/gcp/deploy.sh');
    expect(run).toBeGreaterThan(
      stepIndex(deploy!, (s) => s.uses?.startsWith('google-github-actions/auth@') ?? false),
    );
    const script = join(REPO, 'deploy/gcp/deploy.sh');
    accessSync(script, constants.X_OK);
    const source = readFileSync(script, 'utf8');
    const env = Object.keys(deploy!.steps[run]!.env ?? {});
    expect(env).toContain('PROJECT');
    expect(env.filter((name) => !source.includes(`\${${name}:-`))).toEqual([]);
  });
});
