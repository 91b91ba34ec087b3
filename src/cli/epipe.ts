/**
 * `encore status | head -1`: once the reader has what it wants it closes the pipe, and the
 * next write fails with EPIPE. That is not an error of encore's — like `git log | head`, it
 * ends quietly with exit code 0 instead of Node's unhandled 'error' stack trace.
 */
export function exitQuietlyOnClosedPipe(
  stream: NodeJS.WriteStream = process.stdout,
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') return exit(0);
    throw error; // any other stdout failure stays loud
  });
}
