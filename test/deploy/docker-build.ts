/**
 * Runs a Dockerfile's stages without a Docker daemon, in temp folders that stand for each
 * stage's filesystem, so the tests exercise the instructions themselves rather than a
 * copy of them. COPY honours .dockerignore; RUN knows the few steps encore's Dockerfile
 * uses and refuses anything else.
 *
 * One deliberate shortcut: the build stage's full `npm ci` (dev dependencies, ~2 minutes
 * and a 110 MB SQL analyzer) links the checkout's node_modules, which `npm ci` installed
 * from the same package-lock.json. The runtime stage's `npm ci --omit=dev` really runs.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, statSync, symlinkSync } from 'node:fs';
import { basename, join, posix, relative, sep } from 'node:path';
import { type IgnoreRule, isIgnored } from './dockerignore.ts';
import {
  execForm,
  type Instruction,
  parseEnv,
  parseHealthcheck,
  splitFlags,
  type Stage,
} from './dockerfile.ts';

export interface BuiltStage {
  name: string;
  image: string;
  /** Host folder standing for the stage's `/`. */
  root: string;
  workdir: string;
  env: Record<string, string>;
  user?: string;
  /** Container path → `user:group`, from `chown`. */
  owners: Record<string, string>;
  exposed: string[];
  volumes: string[];
  cmd?: string[];
  healthcheck?: string[];
}

export interface BuildContext {
  /** The build context (the repository). */
  context: string;
  ignore: IgnoreRule[];
  /** Where the stage roots are created. */
  workspace: string;
  /** The checkout whose node_modules stands in for the build stage's dev install. */
  devModules: string;
}

/** The host path of a container path in `stage`. */
export function hostPath(stage: BuiltStage, containerPath: string): string {
  return join(stage.root, posix.resolve(stage.workdir, containerPath));
}

export function buildStages(stages: Stage[], ctx: BuildContext): BuiltStage[] {
  const built: BuiltStage[] = [];
  stages.forEach((stage, index) => {
    const name = stage.name ?? String(index);
    const root = join(ctx.workspace, name);
    mkdirSync(root, { recursive: true });
    const current: BuiltStage = {
      name,
      image: stage.image,
      root,
      workdir: '/',
      env: {},
      owners: {},
      exposed: [],
      volumes: [],
    };
    for (const instruction of stage.instructions) {
      try {
        apply(current, instruction, ctx, built);
      } catch (error) {
        throw new Error(
          `Dockerfile line ${instruction.line} (${instruction.op}): ${(error as Error).message}`,
          {
            cause: error,
          },
        );
      }
    }
    built.push(current);
  });
  return built;
}

function apply(stage: BuiltStage, ins: Instruction, ctx: BuildContext, earlier: BuiltStage[]): void {
  switch (ins.op) {
    case 'WORKDIR':
      stage.workdir = posix.resolve(stage.workdir, ins.args);
      mkdirSync(hostPath(stage, '.'), { recursive: true });
      return;
    case 'ENV':
      Object.assign(stage.env, parseEnv(ins.args));
      return;
    case 'USER':
      stage.user = ins.args;
      return;
    case 'EXPOSE':
      stage.exposed.push(...ins.args.split(/\s+/));
      return;
    case 'VOLUME':
      stage.volumes.push(...execForm(ins.args, 'VOLUME'));
      return;
    case 'CMD':
      stage.cmd = execForm(ins.args, 'CMD');
      return;
    case 'HEALTHCHECK':
      stage.healthcheck = parseHealthcheck(ins.args).command;
      return;
    case 'COPY':
      return copy(stage, ins.args, ctx, earlier);
    case 'RUN':
      return run(stage, ins.args, ctx);
  }
  throw new Error(`unsupported instruction ${ins.op}`);
}

function copy(stage: BuiltStage, args: string, ctx: BuildContext, earlier: BuiltStage[]): void {
  const { flags, rest } = splitFlags(args);
  const parts = rest.split(/\s+/);
  if (parts.length < 2) throw new Error(`COPY needs a source and a destination: ${args}`);
  const dest = parts.pop()!;
  const intoFolder = dest.endsWith('/') || parts.length > 1;
  for (const source of parts) {
    const from = flags.from ? stageSource(earlier, flags.from, source) : contextSource(ctx, source);
    const target = intoFolder ? join(hostPath(stage, dest), basename(source)) : hostPath(stage, dest);
    const filter = flags.from ? undefined : (path: string) => !isIgnored(ctx.ignore, contextPath(ctx, path));
    cpSync(from, target, { recursive: true, ...(filter ? { filter } : {}) });
  }
}

function contextPath(ctx: BuildContext, path: string): string {
  return relative(ctx.context, path).split(sep).join('/');
}

function contextSource(ctx: BuildContext, source: string): string {
  const path = join(ctx.context, source);
  if (isIgnored(ctx.ignore, source)) throw new Error(`${source} is excluded by .dockerignore`);
  if (!existsSync(path)) throw new Error(`${source} is not in the build context`);
  return path;
}

function stageSource(earlier: BuiltStage[], name: string, source: string): string {
  const stage = earlier.find((s) => s.name === name);
  if (!stage) throw new Error(`COPY --from=${name}: no earlier stage of that name`);
  const path = hostPath(stage, source);
  if (!existsSync(path)) throw new Error(`${source} does not exist in stage ${name}`);
  return path;
}

function run(stage: BuiltStage, args: string, ctx: BuildContext): void {
  // RUN --mount and friends need BuildKit, which `gcloud builds submit` does not use.
  const { flags, rest } = splitFlags(args);
  const used = Object.keys(flags);
  if (used.length > 0)
    throw new Error(`RUN --${used[0]} needs BuildKit; Cloud Build's docker builds without it`);
  for (const step of rest.split('&&').map((s) => s.trim())) runStep(stage, step, ctx);
}

function runStep(stage: BuiltStage, step: string, ctx: BuildContext): void {
  const words = step.split(/\s+/);
  const cwd = hostPath(stage, '.');
  if (words[0] === 'npm' && words[1] === 'ci') {
    if (words.includes('--omit=dev'))
      return spawnChecked('npm', [...words.slice(1), '--prefer-offline'], cwd, stage);
    symlinkSync(join(ctx.devModules, 'node_modules'), join(cwd, 'node_modules'), 'dir');
    return;
  }
  // Only shrinks the image; here it would wipe the developer's own npm cache.
  if (step === 'npm cache clean --force') return;
  if (words[0] === 'npm' && words[1] === 'run' && words.length === 3)
    return spawnChecked('npm', words.slice(1), cwd, stage);
  if (words[0] === 'mkdir' && words[1] === '-p') {
    for (const dir of words.slice(2)) mkdirSync(hostPath(stage, dir), { recursive: true });
    return;
  }
  if (words[0] === 'chown' && words.length >= 3) {
    for (const path of words.slice(2)) {
      if (!existsSync(hostPath(stage, path)) || !statSync(hostPath(stage, path)).isDirectory())
        throw new Error(`chown ${path}: no such folder in stage ${stage.name}`);
      stage.owners[posix.resolve(stage.workdir, path)] = words[1]!;
    }
    return;
  }
  throw new Error(`unsupported RUN step "${step}" (teach test/deploy/docker-build.ts what it does)`);
}

function spawnChecked(command: string, args: string[], cwd: string, stage: BuiltStage): void {
  const result = spawnSync(command, args, { cwd, env: { ...process.env, ...stage.env }, encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`,
    );
}
