/**
 * The CLI side of a command run by the `encore serve` that holds the database: send it
 * over the control channel (src/control/) and pass its output through as it arrives.
 * What the outcome means (the exit code, or the refusal to show) is withContext's business.
 */
import type { Config } from '../config/config.ts';
import { type ControlOutcome, sendCommand } from '../control/client.ts';
import { controlPaths } from '../control/protocol.ts';

export function runThroughServe(config: Config): Promise<ControlOutcome> {
  return sendCommand({
    paths: controlPaths(config),
    dbPath: config.dbPath,
    argv: process.argv.slice(2),
    cwd: process.cwd(),
    tty: { stdout: Boolean(process.stdout.isTTY), stderr: Boolean(process.stderr.isTTY) },
    write: (stream, data) => process[stream].write(data),
  });
}
