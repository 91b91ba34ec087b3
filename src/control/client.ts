/**
 * The CLI half of the control channel: send a command to the `encore serve` that holds the
 * database and pass its output through as it arrives.
 */
import { connect } from 'node:net';
import {
  type ControlPaths,
  type ControlRequest,
  encodeFrame,
  lineReader,
  type OutputStream,
  parseFrame,
  PROTOCOL_VERSION,
  type RefusalReason,
} from './protocol.ts';
import { readToken } from './token.ts';

export type ControlOutcome =
  /** Nobody listens on the socket (no file, or one a stopped server left behind). */
  | { kind: 'no-server' }
  | { kind: 'exit'; code: number }
  | { kind: 'refused'; reason: RefusalReason | 'permission' | 'broken'; message: string };

export interface SendOptions {
  paths: ControlPaths;
  dbPath: string;
  argv: string[];
  cwd: string;
  tty: ControlRequest['tty'];
  write: (stream: OutputStream, data: string) => void;
}

export async function sendCommand(options: SendOptions): Promise<ControlOutcome> {
  let token: string;
  try {
    token = readToken(options.paths.token) ?? '';
  } catch (error) {
    return {
      kind: 'refused',
      reason: 'permission',
      message: `cannot read ${options.paths.token} (${(error as NodeJS.ErrnoException).code}): run the command as the user that runs encore serve`,
    };
  }
  const request: ControlRequest = {
    version: PROTOCOL_VERSION,
    token,
    dbPath: options.dbPath,
    argv: options.argv,
    cwd: options.cwd,
    tty: options.tty,
  };
  return new Promise<ControlOutcome>((resolve) => {
    let outcome: ControlOutcome | undefined;
    let connected = false;
    const socket = connect(options.paths.socket);
    const settle = (value: ControlOutcome) => {
      outcome ??= value;
    };
    socket.once('connect', () => {
      connected = true;
      socket.write(encodeFrame(request));
    });
    socket.on(
      'data',
      lineReader((line) => {
        const frame = parseFrame(line);
        if (!frame || outcome) return;
        if (frame.type === 'output') options.write(frame.stream, frame.data);
        else if (frame.type === 'exit') settle({ kind: 'exit', code: frame.code });
        else settle({ kind: 'refused', reason: frame.reason, message: frame.message });
      }),
    );
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (connected) return; // 'close' follows and says what is missing
      if (error.code === 'EACCES')
        settle({
          kind: 'refused',
          reason: 'permission',
          message: `cannot connect to ${options.paths.socket} (EACCES): run the command as the user that runs encore serve`,
        });
      else settle({ kind: 'no-server' }); // ENOENT, ECONNREFUSED: a stale socket or none
    });
    socket.once('close', () =>
      resolve(
        outcome ?? {
          kind: 'refused',
          reason: 'broken',
          message: 'the running encore closed the connection before the command finished',
        },
      ),
    );
  });
}
