import { Command } from 'commander';
import { registerCommands } from './commands/index.ts';

/**
 * The `encore` command line: thin commands that parse, call a job or a query, and print.
 * `configure` runs before the commands are registered, so what it sets (an exit override,
 * where help goes) is inherited by every subcommand — `encore serve` uses it to run a
 * forwarded command in its own process (src/cli/in-process.ts).
 */
export function buildProgram(configure?: (program: Command) => void): Command {
  const program = new Command();
  program
    .name('encore')
    .description('Your Spotify listening, kept forever — and the shows near you, as a playlist.')
    .version('0.1.0')
    .showHelpAfterError();
  configure?.(program);
  // Passed down rather than imported by `serve`, which is one of the commands it builds.
  registerCommands(program, { newProgram: () => buildProgram((p) => p.exitOverride()) });
  return program;
}
