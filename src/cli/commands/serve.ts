import type { Command } from 'commander';
import { UsageError, withContext } from '../run.ts';

/** `newProgram`: the CLI for commands a CLI sends while serve holds the database (src/control/). */
export function registerServeCommand(program: Command, newProgram: () => Command): void {
  program
    .command('serve')
    .description(
      'run the web app and the scheduler (demo mode against the simulators when no credentials are set)',
    )
    .option('--port <port>', 'port of the web server (default ENCORE_PORT or 8888)')
    .action((opts: { port?: string }) =>
      withContext(async (ctx) => {
        const port = opts.port === undefined ? undefined : Number(opts.port);
        if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535))
          throw new UsageError('--port must be a port number.');
        const { startControl, startEncore } = await import('../serve.ts');
        const running = await startEncore(ctx, { port }).catch((error: NodeJS.ErrnoException) => {
          if (error.code === 'EADDRINUSE')
            throw new UsageError(
              `Port ${port ?? ctx.config.port} is already in use; set ENCORE_PORT or pass --port.`,
            );
          throw error;
        });
        const control = await startControl(ctx, running, newProgram);
        await new Promise<void>((resolve) => {
          const stop = () => resolve();
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        ctx.logger.info('stopping');
        await control?.close(); // a CLI command running now finishes first
        await running.stop();
      }),
    );
}
