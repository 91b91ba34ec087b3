import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectConfig } from '../../src/config/config.ts';
import { REPO } from '../runtime/production-install.ts';
import { type BuiltStage, buildStages } from './docker-build.ts';
import { parseDockerfile, parseEnv, parseHealthcheck, splitFlags } from './dockerfile.ts';
import { isIgnored, parseDockerignore } from './dockerignore.ts';

const dockerfile = parseDockerfile(readFileSync(join(REPO, 'Dockerfile'), 'utf8'));
const ignore = parseDockerignore(readFileSync(join(REPO, '.dockerignore'), 'utf8'));
const runtime = dockerfile.at(-1)!;
const runtimeEnv = Object.assign(
  {},
  ...runtime.instructions.filter((i) => i.op === 'ENV').map((i) => parseEnv(i.args)),
);
const temps: string[] = [];

afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Builds a tiny Dockerfile against a tiny context, to see what the interpreter refuses. */
function tryBuild(text: string, files: Record<string, string>, ignoreText = ''): BuiltStage[] {
  const context = mkdtempSync(join(tmpdir(), 'encore-ctx-'));
  temps.push(context);
  for (const [path, body] of Object.entries(files)) {
    mkdirSync(join(context, path, '..'), { recursive: true });
    writeFileSync(join(context, path), body);
  }
  const workspace = join(context, '.stages');
  const rules = parseDockerignore(`${ignoreText}\n.stages`);
  return buildStages(parseDockerfile(text), { context, ignore: rules, workspace, devModules: REPO });
}

describe('Dockerfile reader', () => {
  it('reads two node:20-slim stages, the runtime one last', () => {
    expect(dockerfile.map((s) => [s.name, s.image])).toEqual([
      ['build', 'node:20-slim'],
      ['runtime', 'node:20-slim'],
    ]);
  });

  it('refuses instructions and RUN steps it cannot follow, naming the line', () => {
    expect(() => parseDockerfile('FROM node:20-slim\nADD https://example.com/x /x\n')).toThrow(
      'Dockerfile line 2: unsupported instruction ADD',
    );
    expect(() => parseDockerfile('WORKDIR /app\n')).toThrow('WORKDIR before the first FROM');
    expect(() => tryBuild('FROM node:20-slim\nRUN apt-get install -y curl\n', {})).toThrow(
      /line 2 \(RUN\): unsupported RUN step "apt-get install -y curl"/,
    );
    expect(() => tryBuild('FROM node:20-slim\nCMD node bin/encore.js serve\n', {})).toThrow(
      'exec-form JSON array',
    );
    expect(() => tryBuild('FROM x\nRUN --mount=type=cache,target=/root/.npm npm ci\n', {})).toThrow(
      "RUN --mount needs BuildKit; Cloud Build's docker builds without it",
    );
  });

  it('fails a COPY of a file that is missing or left out by .dockerignore', () => {
    expect(() => tryBuild('FROM x\nWORKDIR /app\nCOPY nope ./\n', {})).toThrow(
      'nope is not in the build context',
    );
    expect(() => tryBuild('FROM x\nWORKDIR /app\nCOPY .env ./\n', { '.env': 'S=1' }, '.env')).toThrow(
      '.env is excluded by .dockerignore',
    );
    expect(() => tryBuild('FROM x AS a\nFROM y\nCOPY --from=a /app/dist ./dist\n', {})).toThrow(
      '/app/dist does not exist in stage a',
    );
  });

  it('leaves ignored files out of a copied folder', () => {
    const [stage] = tryBuild(
      'FROM x\nWORKDIR /app\nCOPY src ./src\n',
      { 'src/a.ts': 'a', 'src/x.duckdb': 'db' },
      '**/*.duckdb',
    );
    const copied = join(stage!.root, 'app', 'src');
    expect(readFileSync(join(copied, 'a.ts'), 'utf8')).toBe('a');
    expect(() => readFileSync(join(copied, 'x.duckdb'))).toThrow();
  });

  it('reads ENV pairs, flags and the HEALTHCHECK command', () => {
    expect(parseEnv('A=1 B="two words" C=')).toEqual({ A: '1', B: 'two words', C: '' });
    expect(() => parseEnv('A 1')).toThrow('ENV must be KEY=value pairs');
    expect(splitFlags('--from=build /app/dist ./dist')).toEqual({
      flags: { from: 'build' },
      rest: '/app/dist ./dist',
    });
    expect(parseHealthcheck('--interval=30s CMD ["node","-e","1"]')).toEqual({
      flags: { interval: '30s' },
      command: ['node', '-e', '1'],
    });
  });
});

describe('.dockerignore', () => {
  it('keeps modules, secrets and local data out of the build context', () => {
    for (const path of [
      'node_modules/hono/package.json',
      'sim/node_modules/x',
      '.env',
      '.env.local',
      'data/encore.duckdb',
    ])
      expect(isIgnored(ignore, path), path).toBe(true);
    for (const path of ['test/x.duckdb', 'encore.key', 'dist/src/cli/main.js', '.git/HEAD'])
      expect(isIgnored(ignore, path), path).toBe(true);
  });

  it('keeps everything the Dockerfile copies from the context', () => {
    for (const path of [
      'package.json',
      'package-lock.json',
      'src/cli/main.ts',
      'src/store/migrations',
      'bin/encore.js',
    ])
      expect(isIgnored(ignore, path), path).toBe(false);
    expect(isIgnored(ignore, '.env.example')).toBe(false);
    const copied = dockerfile
      .flatMap((s) => s.instructions)
      .filter((i) => i.op === 'COPY' && !i.args.startsWith('--from'))
      .flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    expect(copied).toContain('src');
    expect(copied.filter((path) => isIgnored(ignore, path))).toEqual([]);
  });
});

interface ComposeService {
  build: string;
  restart: string;
  env_file: Array<{ path: string; required: boolean }>;
  environment: Record<string, string>;
  ports: string[];
  volumes: string[];
  healthcheck: { test: string[] };
}

describe('compose.yaml', () => {
  const compose = load(readFileSync(join(REPO, 'compose.yaml'), 'utf8')) as {
    services: { encore: ComposeService };
    volumes: Record<string, unknown>;
  };
  const service = compose.services.encore;

  it('builds this Dockerfile, restarts unless stopped, reads .env', () => {
    expect(service.build).toBe('.');
    expect(service.restart).toBe('unless-stopped');
    expect(service.env_file.map((f) => f.path)).toEqual(['.env']);
  });

  it('keeps the data folder in a named volume at the image ENCORE_DATA_DIR', () => {
    const [volume, target] = service.volumes[0]!.split(':');
    expect(target).toBe(runtimeEnv.ENCORE_DATA_DIR);
    expect(Object.keys(compose.volumes)).toEqual([volume]);
  });

  it('publishes the port encore listens on, and the default Spotify redirect URI reaches it', () => {
    const [host, published, container] = service.ports[0]!.split(':');
    expect(host).toBe('127.0.0.1');
    const env = { ...runtimeEnv, ...service.environment };
    const { config, problems } = inspectConfig({ env, dotenvPath: null });
    expect(String(config.port)).toBe(container);
    expect(new URL(config.spotify.redirectUri).port).toBe(published);
    expect(problems.filter((p) => p.variable === 'SPOTIFY_REDIRECT_URI')).toEqual([]);
  });

  it('probes health with the same command as the image HEALTHCHECK', () => {
    const probe = runtime.instructions.find((i) => i.op === 'HEALTHCHECK')!;
    expect(service.healthcheck.test).toEqual(['CMD', ...parseHealthcheck(probe.args).command]);
  });
});
