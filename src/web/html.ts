/**
 * Pages are built with hono/html. This re-export is left only for routes/auth.ts, which is
 * being reworked elsewhere: it should import from 'hono/html' and this file then goes.
 */
export { html } from 'hono/html';
