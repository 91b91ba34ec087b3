/**
 * `encore serve` running a command a CLI sent over the control channel (src/control/): the
 * same commander program, in the server's process, against the server's context — its
 * open database and running services — with the command's output streamed back.
 */
import { type Command, CommanderError } from 'commander';
import type { AppContext } from '../app/context.ts';
import type { Services } from '../app/services.ts';
import type { CommandRunner } from '../control/server.ts';
import { createProgress } from '../util/progress.ts';
import { runLent, type LentRun } from './lent.ts';
import { reportError } from './run.ts';

/** Commands that cannot run inside a running server, with what to do instead. */
const NOT_THROUGH_SERVE: Record<string, string> = {
  serve: 'encore serve is already running with this database; stop it first to start another.',
  sim: '`encore sim` runs on its own: it does not use the database.',
  restore: 'Stop encore serve first: a restore replaces the data folder it is using.',
};

/**
 * The runner the control server calls. `newProgram` builds a fresh program each time
 * (commander keeps parsed values on its commands) with an exit override, so a usage
 * error ends the command instead of the server.
 */
export function inProcessRunner(
  ctx: AppContext,
  services: Services,
  newProgram: () => Command,
): CommandRunner {
  return async (request, write) => {
    const refusal = NOT_THROUGH_SERVE[request.argv[0] ?? ''];
    if (refusal) {
      write('stderr', `encore: ${refusal}\n`);
      return 2;
    }
    const lent: AppContext = {
      ...ctx,
      services,
      // Progress draws a bar when the CLI's stderr is a terminal, log lines when it is not.
      progress: () =>
        createProgress({
          stream: { isTTY: request.tty.stderr, write: (text: string) => write('stderr', text) },
        }),
      close: async () => undefined, // the server's database stays open
    };
    const run: LentRun = { ctx: lent, write, ended: false };
    // Commands report their exit code in process.exitCode; the server's own is kept aside.
    // This is safe because the control server runs one command at a time.
    const serverExitCode = process.exitCode;
    const serverCwd = process.cwd();
    process.exitCode = undefined;
    try {
      // Relative paths in the arguments are the CLI's; config paths are absolute already.
      process.chdir(request.cwd);
    } catch {
      // A folder this process cannot see: relative paths then mean the server's folder.
    }
    try {
      await runLent(run, () => parse(newProgram(), request.argv));
      return Number(process.exitCode ?? 0);
    } finally {
      run.ended = true;
      process.exitCode = serverExitCode;
      process.chdir(serverCwd);
    }
  };
}

async function parse(program: Command, argv: string[]): Promise<void> {
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    // Commander has printed its message (unknown option, missing argument) already.
    if (error instanceof CommanderError) process.exitCode = error.exitCode;
    else process.exitCode = reportError(error);
  }
}
