#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx's loader, so `encore` works from a
// fresh `npm ci` without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
