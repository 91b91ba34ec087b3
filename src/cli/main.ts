#!/usr/bin/env node
import { Command } from 'commander';
import { registerCommands } from './commands/index.ts';
import { exitQuietlyOnClosedPipe } from './epipe.ts';

/** The `encore` command line: thin commands that parse, call a job or a query, and print. */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('encore')
    .description('Your Spotify listening, kept forever — and the shows near you, as a playlist.')
    .version('0.1.0')
    .showHelpAfterError();
  registerCommands(program);
  return program;
}

exitQuietlyOnClosedPipe();
await buildProgram().parseAsync(process.argv);
