import { createServer } from 'node:net';
import type { SpotifySimOptions } from '../../sim/spotify/index.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';
import { createWebApp, type RunningWeb, startWebServer } from '../../src/web/server.ts';

export interface WebHarness extends Harness {
  web: RunningWeb;
  stop(): Promise<void>;
}

/** A free port on 127.0.0.1, so the Spotify redirect URI can name the app's real port. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The web app as `encore serve` wires it, on 127.0.0.1, against the Spotify simulator,
 * with a temp DuckDB file and a manual clock (no scheduler: tests trigger work themselves).
 */
export async function startWebHarness(
  options: { env?: Record<string, string>; start?: number; sim?: SpotifySimOptions } = {},
): Promise<WebHarness> {
  const port = await freePort();
  const h = (await startHarness({
    start: options.start,
    ...(options.sim ? { sim: options.sim } : {}),
    env: {
      ENCORE_PORT: String(port),
      SPOTIFY_REDIRECT_URI: `http://127.0.0.1:${port}/callback`,
      ...options.env,
    },
  })) as WebHarness;
  const app = createWebApp({
    config: h.config,
    db: h.db,
    services: h.services,
    clock: h.clock,
    logger: h.logger,
  });
  h.web = await startWebServer(app, h.config.host, port);
  h.stop = async () => {
    await h.web.close();
    await h.close();
  };
  return h;
}

/** A tiny browser for HTTP-level tests: keeps cookies per host, follows nothing by itself. */
export class CookieClient {
  readonly cookies = new Map<string, string>();
  readonly setCookieHeaders: string[] = [];

  constructor(readonly base: string) {}

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const url = new URL(path, this.base);
    const headers = new Headers(init.headers);
    if (url.origin === new URL(this.base).origin && this.cookies.size)
      headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    if (url.origin === new URL(this.base).origin) {
      for (const line of response.headers.getSetCookie()) {
        this.setCookieHeaders.push(line);
        const [pair] = line.split(';');
        const eq = pair!.indexOf('=');
        const name = pair!.slice(0, eq).trim();
        const value = pair!.slice(eq + 1).trim();
        if (!value || /max-age=0/i.test(line)) this.cookies.delete(name);
        else this.cookies.set(name, value);
      }
    }
    return response;
  }

  /** Follows redirects (across the app and the simulator) until a non-redirect answer. */
  async follow(path: string, init: RequestInit = {}): Promise<Response> {
    let response = await this.fetch(path, init);
    for (let hops = 0; hops < 10 && response.status >= 300 && response.status < 400; hops++) {
      response = await this.fetch(new URL(response.headers.get('location')!, response.url).toString());
    }
    return response;
  }

  /** Signs in as a simulated account through the real flow: /login → sim authorize → callback. */
  async signIn(simUser: string): Promise<void> {
    const done = await this.follow(`/login?as=${simUser}`);
    if (done.status !== 200) throw new Error(`sign-in ended with ${done.status}`);
  }

  /** The CSRF token the current page carries (from the <meta> every signed-in page has). */
  async csrfToken(path = '/status'): Promise<string> {
    const body = await (await this.fetch(path)).text();
    const token = /<meta name="csrf-token" content="([^"]+)"/.exec(body)?.[1];
    if (!token) throw new Error('no CSRF token on the page');
    return token;
  }
}
