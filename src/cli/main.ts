#!/usr/bin/env node
import { exitQuietlyOnClosedPipe } from './epipe.ts';
import { buildProgram } from './program.ts';

exitQuietlyOnClosedPipe();
await buildProgram().parseAsync(process.argv);
