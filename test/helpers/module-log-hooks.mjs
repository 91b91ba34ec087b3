// Loader hooks (run on Node's loader thread): record each loaded module URL, one a line.
import { appendFileSync } from 'node:fs';

let logFile;

export function initialize(data) {
  logFile = data.log;
}

export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  appendFileSync(logFile, `${url}\n`);
  return result;
}
