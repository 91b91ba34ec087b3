import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { WebEnv } from './context.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * A caller on this machine: from a loopback address and not forwarded by a proxy — a
 * request a reverse proxy forwarded (X-Forwarded-For / Forwarded) arrives from 127.0.0.1
 * too, yet comes from elsewhere. Guards /metrics and the Status page's backup download.
 */
export function isLocalCaller(c: Context<WebEnv>): boolean {
  if (c.req.header('x-forwarded-for') || c.req.header('forwarded')) return false;
  try {
    return LOOPBACK.has(getConnInfo(c).remote.address ?? '');
  } catch {
    return false;
  }
}
