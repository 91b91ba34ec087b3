/**
 * A small Dockerfile reader for the tests: stages, their instructions, and the few
 * argument shapes encore's Dockerfile uses. Unknown instructions are refused, so a
 * Dockerfile change the tests cannot follow fails loudly instead of being skipped.
 */
export interface Instruction {
  op: string;
  args: string;
  line: number;
}

export interface Stage {
  image: string;
  name?: string;
  instructions: Instruction[];
}

export const KNOWN_OPS = new Set([
  'WORKDIR',
  'COPY',
  'RUN',
  'ENV',
  'USER',
  'EXPOSE',
  'VOLUME',
  'HEALTHCHECK',
  'CMD',
]);

/** Logical lines: `\` continuations joined, comments and blanks dropped, with line numbers. */
function logicalLines(text: string): Array<{ text: string; line: number }> {
  const out: Array<{ text: string; line: number }> = [];
  let current: { text: string; line: number } | undefined;
  text.split('\n').forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed.startsWith('#') || (trimmed === '' && !current)) return;
    const continued = trimmed.endsWith('\\');
    const piece = continued ? trimmed.slice(0, -1).trim() : trimmed;
    current = current ? { ...current, text: `${current.text} ${piece}` } : { text: piece, line: index + 1 };
    if (!continued) {
      out.push(current);
      current = undefined;
    }
  });
  if (current) throw new Error(`Dockerfile line ${current.line}: continuation runs past the end of the file`);
  return out;
}

export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  for (const { text: line, line: number } of logicalLines(text)) {
    const match = /^(\S+)\s*(.*)$/.exec(line)!;
    const op = match[1]!.toUpperCase();
    const args = match[2]!.trim();
    if (op === 'FROM') {
      const from = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      if (!from) throw new Error(`Dockerfile line ${number}: cannot read FROM "${args}"`);
      stages.push({ image: from[1]!, ...(from[2] ? { name: from[2] } : {}), instructions: [] });
      continue;
    }
    if (!KNOWN_OPS.has(op)) throw new Error(`Dockerfile line ${number}: unsupported instruction ${op}`);
    const stage = stages.at(-1);
    if (!stage) throw new Error(`Dockerfile line ${number}: ${op} before the first FROM`);
    stage.instructions.push({ op, args, line: number });
  }
  if (stages.length === 0) throw new Error('Dockerfile has no FROM');
  return stages;
}

/** Leading `--name=value` flags and the rest, e.g. `--from=build /app/dist ./dist`. */
export function splitFlags(args: string): { flags: Record<string, string>; rest: string } {
  const flags: Record<string, string> = {};
  let rest = args;
  for (let m = /^--([a-z-]+)=(\S+)\s*/.exec(rest); m; m = /^--([a-z-]+)=(\S+)\s*/.exec(rest)) {
    flags[m[1]!] = m[2]!;
    rest = rest.slice(m[0].length);
  }
  return { flags, rest };
}

/** An exec-form array (`["node", "bin/encore.js"]`); shell form is refused, as it needs a shell in the image. */
export function execForm(args: string, what: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(args);
  } catch {
    throw new Error(`${what} must be an exec-form JSON array, got: ${args}`);
  }
  if (!Array.isArray(parsed) || !parsed.every((p) => typeof p === 'string'))
    throw new Error(`${what} must be an array of strings`);
  return parsed as string[];
}

/** `ENV A=1 B=two` (the key=value form; quoted values may hold spaces). */
export function parseEnv(args: string): Record<string, string> {
  const env: Record<string, string> = {};
  const pair = /([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|\S*)\s*/y;
  let index = 0;
  while (index < args.length) {
    pair.lastIndex = index;
    const m = pair.exec(args);
    if (!m) throw new Error(`ENV must be KEY=value pairs, got: ${args}`);
    env[m[1]!] = m[3] ?? m[2]!;
    index = pair.lastIndex;
  }
  return env;
}

/** HEALTHCHECK [--flag=value…] CMD [...]: the probe command and its flags. */
export function parseHealthcheck(args: string): { flags: Record<string, string>; command: string[] } {
  const { flags, rest } = splitFlags(args);
  const m = /^CMD\s+(.*)$/.exec(rest);
  if (!m) throw new Error(`HEALTHCHECK must be "HEALTHCHECK [flags] CMD [...]", got: ${args}`);
  return { flags, command: execForm(m[1]!, 'HEALTHCHECK CMD') };
}
