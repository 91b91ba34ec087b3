/**
 * The server half of the control channel: `encore serve` listens on a Unix socket in the
 * data folder, checks each request's token, and runs the commands it is sent one at a time
 * through `run` (the CLI's own program, passed in: this folder knows nothing about
 * commands), streaming their output back as frames.
 */
import { chmodSync, lstatSync, mkdirSync, rmSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { dirname } from 'node:path';
import type { Logger } from '../util/logger.ts';
import {
  type ControlFrame,
  type ControlPaths,
  type ControlRequest,
  encodeFrame,
  lineReader,
  type OutputStream,
  parseRequest,
  PROTOCOL_VERSION,
  type RefusalReason,
} from './protocol.ts';
import { createToken, removeToken, tokensMatch } from './token.ts';

/** Runs one command; `write` carries its output to the client as it happens. Resolves to its exit code. */
export type CommandRunner = (
  request: Pick<ControlRequest, 'argv' | 'cwd' | 'tty'>,
  write: (stream: OutputStream, data: string) => void,
) => Promise<number>;

export interface ControlServerOptions {
  paths: ControlPaths;
  /** The database this server holds: a request meant for another one is refused. */
  dbPath: string;
  logger: Logger;
  run: CommandRunner;
}

export interface ControlServer {
  paths: ControlPaths;
  /** Stops accepting, waits for the command running now, removes socket and token. */
  close(): Promise<void>;
}

const MAX_REQUEST_BYTES = 256 * 1024;
const REQUEST_TIMEOUT_MS = 10_000;

export async function startControlServer(options: ControlServerOptions): Promise<ControlServer> {
  const { paths, logger } = options;
  mkdirSync(dirname(paths.token), { recursive: true, mode: 0o700 });
  await claimSocket(paths.socket);
  const token = createToken(paths.token);
  // Commands run one after another: two CLIs never interleave on the one database connection.
  let queue: Promise<unknown> = Promise.resolve();
  let busy = 0;
  const execute = (socket: Socket, request: ControlRequest) => {
    const send = (frame: ControlFrame) => {
      if (!socket.destroyed && socket.writable) socket.write(encodeFrame(frame));
    };
    if (busy > 0)
      send({ type: 'output', stream: 'stderr', data: 'encore: waiting for another command to finish…\n' });
    busy += 1;
    queue = queue.then(async () => {
      let code: number;
      try {
        code = await options.run(request, (stream, data) => send({ type: 'output', stream, data }));
      } catch (error) {
        send({ type: 'output', stream: 'stderr', data: `encore: ${(error as Error).message}\n` });
        code = 1;
      }
      busy -= 1;
      logger.info('command from the CLI', { command: commandName(request.argv), exit: code });
      send({ type: 'exit', code });
      socket.end();
    });
  };
  const server = createServer((socket) => {
    socket.on('error', () => undefined); // a client that went away; its command still finishes
    const timer = setTimeout(() => socket.destroy(), REQUEST_TIMEOUT_MS);
    let received = false;
    const read = lineReader(
      (line) => {
        if (received) return; // only the first line counts; stdin is not forwarded
        received = true;
        clearTimeout(timer);
        const request = parseRequest(line);
        const refusal = refuse(request, token, options.dbPath);
        if (refusal) {
          if (refusal.reason === 'token') logger.warn('refused a CLI command: wrong control token');
          socket.end(encodeFrame({ type: 'refused', ...refusal }));
          return;
        }
        execute(socket, request!);
      },
      { maxLine: MAX_REQUEST_BYTES, onOverflow: () => socket.destroy() },
    );
    socket.on('data', read);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(paths.socket, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((error: Error) => {
    removeToken(paths.token);
    throw error;
  });
  chmodSync(paths.socket, 0o600);
  return {
    paths,
    async close() {
      if (busy > 0) logger.info('waiting for a CLI command to finish');
      // Resolves once every connection has ended, i.e. the commands sent so far have run.
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await queue;
      rmSync(paths.socket, { force: true });
      removeToken(paths.token);
    },
  };
}

function refuse(
  request: ControlRequest | undefined,
  token: string,
  dbPath: string,
): { reason: RefusalReason; message: string } | undefined {
  if (!request) return { reason: 'request', message: 'not a control request' };
  if (request.version !== PROTOCOL_VERSION)
    return {
      reason: 'version',
      message: `the running encore speaks control protocol ${PROTOCOL_VERSION}, this CLI ${request.version}: use the same encore for both`,
    };
  if (!tokensMatch(token, request.token))
    return { reason: 'token', message: 'the control token does not match' };
  if (request.dbPath !== dbPath)
    return { reason: 'database', message: `the running encore holds ${dbPath}, not ${request.dbPath}` };
  return undefined;
}

/** The command's first word only, for the log: arguments (paths, names) are the user's business. */
function commandName(argv: string[]): string {
  return argv.find((arg) => !arg.startsWith('-')) ?? '';
}

/**
 * A socket file left by an encore that did not stop cleanly answers nobody: it is
 * removed. One that answers belongs to a live server, which this one must not take over.
 */
async function claimSocket(path: string): Promise<void> {
  try {
    lstatSync(path);
  } catch {
    return; // nothing there
  }
  const live = await new Promise<boolean>((resolve) => {
    const probe = connect(path);
    probe.setTimeout(2000, () => {
      probe.destroy();
      resolve(false);
    });
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
  if (live) throw new Error(`another encore answers on ${path}`);
  rmSync(path, { force: true });
}
