/* global process */
// `node --import ./test/helpers/module-log.mjs …` appends the URL of every module the
// process loads to the file named by ENCORE_MODULE_LOG: the CLI tests use it to prove
// that `encore --help` never loads DuckDB or the other heavy packages.
import { register } from 'node:module';

if (process.env.ENCORE_MODULE_LOG) {
  register('./module-log-hooks.mjs', import.meta.url, { data: { log: process.env.ENCORE_MODULE_LOG } });
}
