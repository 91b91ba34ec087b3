import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { Config, ConfigProblem } from '../../config/config.ts';
import { DatabaseLockedError } from '../../store/db.ts';
import { openStore } from '../../store/open.ts';
import { countPlays } from '../../store/plays.ts';
import { listUsers } from '../../store/users.ts';
import { redact } from '../../util/redact.ts';
import { reportError } from '../run.ts';
import { formatCount } from '../../util/numbers.ts';

interface Check {
  ok: boolean | 'info';
  label: string;
  detail: string;
}

/** What is configured, what is missing and where to get it. Never prints a secret's value. */
export async function doctorChecks(config: Config): Promise<Check[]> {
  // The settings schema and the cloud client load only when doctor runs (not for --help).
  const { SETTINGS_HELP } = await import('../../config/schema.ts');
  const { settingsForDisplay } = await import('../../config/display.ts');
  const { checkCloudStorage } = await import('../../cloud/gcs-check.ts');
  const { checkWarehouseWithStore } = await import('../../warehouse/check.ts');
  const checks: Check[] = [];
  checks.push({
    ok: 'info',
    label: 'mode',
    detail: config.demo
      ? 'DEMO — simulated Spotify (set SPOTIFY_CLIENT_ID to use your own account)'
      : 'live Spotify',
  });
  if (!config.spotify.clientId) {
    checks.push({
      ok: false,
      label: 'SPOTIFY_CLIENT_ID',
      detail: `not set — ${SETTINGS_HELP.SPOTIFY_CLIENT_ID!.where}`,
    });
  } else checks.push({ ok: true, label: 'SPOTIFY_CLIENT_ID', detail: 'set' });
  checks.push({
    ok: 'info',
    label: 'redirect URI',
    detail: `${config.spotify.redirectUri} — add exactly this to your Spotify app's Redirect URIs`,
  });
  checks.push({
    ok: true,
    label: 'token encryption',
    detail: config.secretKey ? 'ENCORE_SECRET_KEY is set' : keyFileDetail(join(config.dataDir, 'encore.key')),
  });
  for (const { name, set, help } of settingsForDisplay(config)) {
    checks.push({
      ok: set ? true : 'info',
      label: name,
      detail: set ? 'set' : `not set (optional) — ${help.what}${help.where ? `; ${help.where}` : ''}`,
    });
  }
  checks.push({ ok: 'info', label: 'time zone', detail: config.timeZone });
  checks.push({ ok: 'info', label: 'web server', detail: `http://${config.host}:${config.port}/` });
  checks.push(...(await checkCloudStorage(config)));
  checks.push(...(await checkWarehouseWithStore(config)));
  checks.push(await databaseCheck(config));
  return checks;
}

function keyFileDetail(path: string): string {
  if (!existsSync(path)) return `a key file will be created at ${path} (mode 0600) on first connect`;
  const mode = statSync(path).mode & 0o777;
  return mode === 0o600
    ? `key file ${path} (mode 0600)`
    : `key file ${path} has mode ${mode.toString(8)} — run chmod 600 on it`;
}

async function databaseCheck(config: Config): Promise<Check> {
  if (!existsSync(config.dbPath))
    return { ok: 'info', label: 'database', detail: `${config.dbPath} (will be created)` };
  try {
    const db = await openStore(config.dbPath);
    const users = (await listUsers(db)).length;
    const plays = await countPlays(db);
    await db.close();
    return {
      ok: true,
      label: 'database',
      detail: `${config.dbPath}: ${formatCount(users)} account(s), ${formatCount(plays)} play(s)`,
    };
  } catch (error) {
    if (error instanceof DatabaseLockedError)
      return { ok: 'info', label: 'database', detail: `${config.dbPath} is in use by a running encore` };
    return { ok: false, label: 'database', detail: (error as Error).message };
  }
}

/**
 * Runs even when settings are invalid: every problem is listed first (exit code 1),
 * then the checks of what could be read (invalid values shown at their defaults).
 */
export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('what is configured, what is missing and where to get it (never prints a secret)')
    .action(async () => {
      try {
        const { inspectConfig } = await import('../../config/config.ts');
        const { config, problems } = inspectConfig();
        printProblems(problems);
        const checks = await doctorChecks(config);
        for (const c of checks)
          console.log(
            `${c.ok === true ? 'ok  ' : c.ok === false ? 'MISS' : '    '} ${c.label.padEnd(22)} ${c.detail}`,
          );
        if (problems.length > 0) process.exitCode = 1;
      } catch (error) {
        process.exitCode = reportError(error);
      }
    });
}

function printProblems(problems: ConfigProblem[]): void {
  if (problems.length === 0) return;
  console.log(`${problems.length} problem(s) with the settings:`);
  for (const p of problems) console.log(`FIX  ${p.variable.padEnd(22)} ${redact(p.message)}`);
  console.log('');
}
