import type { WebContext, WebDeps, WebUser } from './context.ts';
import { html } from 'hono/html';
import type { Html } from './markup.ts';

export type NavKey =
  'dashboard' | 'history' | 'review' | 'rediscover' | 'shows' | 'playlists' | 'status' | 'search';

const NAV: Array<[NavKey, string, string]> = [
  ['dashboard', '/', 'Dashboard'],
  ['history', '/history', 'History'],
  ['review', '/review', 'Year in review'],
  ['rediscover', '/rediscover', 'Rediscover'],
  ['shows', '/shows', 'Shows'],
  ['playlists', '/playlists', 'Playlists'],
  ['status', '/status', 'Status'],
];

export interface LayoutOptions {
  title: string;
  demo: boolean;
  body: Html;
  user?: WebUser;
  csrfToken?: string;
  active?: NavKey;
  /** Loads d3 + Observable Plot and the chart script (pages with charts). */
  charts?: boolean;
}

/** The frame of every page: skip link, demo banner, navigation, account menu. */
export function layout(options: LayoutOptions): Html {
  const { user } = options;
  const nav = user
    ? html`<nav aria-label="Main">
        <ul>
          ${NAV.map(
            ([key, href, label]) =>
              html`<li>
                <a href="${href}" ${key === options.active ? html`aria-current="page"` : ''}>${label}</a>
              </li>`,
          )}
        </ul>
      </nav>`
    : '';
  const account = user
    ? html`<form class="account" method="post" action="/logout">
        <span class="who" title="${user.userId}">${user.displayName ?? user.userId}</span>
        <input type="hidden" name="_csrf" value="${options.csrfToken ?? ''}" />
        <button type="submit" class="link">Sign out</button>
      </form>`
    : '';
  const scripts = options.charts
    ? html`<script src="/assets/vendor/d3.min.js" defer></script>
        <script src="/assets/vendor/plot.umd.min.js" defer></script>
        <script src="/assets/app.js" defer></script>`
    : html`<script src="/assets/app.js" defer></script>`;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        ${options.csrfToken ? html`<meta name="csrf-token" content="${options.csrfToken}" />` : ''}
        <title>${options.title} · encore</title>
        <link rel="icon" href="/assets/icon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/assets/app.css" />
        ${scripts}
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        ${
          options.demo
            ? html`<div class="demo" role="note">
                <strong>Demo data</strong> — encore is running against simulated Spotify and concert services.
                Set SPOTIFY_CLIENT_ID to use your own account.
              </div>`
            : ''
        }
        <header class="top">
          <a class="brand" href="/">encore</a>
          ${nav} ${user ? searchBox() : ''} ${account}
        </header>
        <main id="main" tabindex="-1">${options.body}</main>
        <footer class="foot">encore · your listening, kept forever</footer>
      </body>
    </html>`;
}

/** The nav's search box: artists, tracks and albums of the history (GET /search?q=). */
function searchBox() {
  return html`<form class="nav-search" method="get" action="/search" role="search" aria-label="Search">
    <label for="nav-search-q" class="visually-hidden">Search artists, tracks and albums</label>
    <input id="nav-search-q" type="search" name="q" placeholder="Search artists, tracks…" maxlength="200" />
  </form>`;
}

/** Builds a page for the request's account (nav, sign-out form, CSRF meta). */
export function renderPage(
  c: WebContext,
  deps: WebDeps,
  options: Omit<LayoutOptions, 'demo' | 'user' | 'csrfToken'>,
): Html {
  return layout({
    ...options,
    demo: deps.config.demo,
    user: c.get('user'),
    csrfToken: c.get('session')?.csrfToken,
  });
}

/** A plain error page: a title and a few sentences, never a stack trace or a raw message. */
export function errorPage(
  c: WebContext,
  deps: WebDeps,
  status: 400 | 403 | 404 | 409 | 500,
  title: string,
  lines: string[],
): Response | Promise<Response> {
  const body = html`<section class="card narrow">
    <h1>${title}</h1>
    ${lines.map((line) => html`<p>${line}</p>`)}
    <p><a href="/">Back to encore</a></p>
  </section>`;
  return c.html(renderPage(c, deps, { title, body }), status);
}
