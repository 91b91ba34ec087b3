/**
 * Placeholder artwork, so that pages showing album art work offline. Each id gets its
 * own stable colour; the SVG says it is simulated.
 */
import { Hono } from 'hono';
import { hashString } from '../rng.ts';

export function imageRoutes(): Hono {
  const app = new Hono();
  app.get('/:file', (c) => {
    const id = (c.req.param('file') ?? '').replace(/\.svg$/, '');
    const hue = hashString(id) % 360;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="640" height="640">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
<stop offset="0" stop-color="hsl(${hue},65%,55%)"/><stop offset="1" stop-color="hsl(${(hue + 60) % 360},65%,35%)"/>
</linearGradient></defs><rect width="64" height="64" fill="url(#g)"/>
<text x="32" y="58" font-family="sans-serif" font-size="6" fill="#fff" text-anchor="middle">simulated</text></svg>`;
    c.header('Cache-Control', 'public, max-age=86400');
    return c.body(svg, 200, { 'Content-Type': 'image/svg+xml' });
  });
  return app;
}
