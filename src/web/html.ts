/** Escapes text for HTML; every value that reaches a page goes through `html`. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Tagged template: interpolations are escaped unless they are SafeHtml (or arrays of it). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(value);
}

export function page(options: { title: string; demo: boolean; body: SafeHtml }): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${options.title} · encore</title>
        <style>
          body {
            font-family: system-ui, sans-serif;
            margin: 0;
            color: #1b1b1f;
            background: #fafafa;
          }
          header {
            display: flex;
            gap: 1rem;
            align-items: center;
            padding: 0.75rem 1rem;
            background: #111;
            color: #fff;
            flex-wrap: wrap;
          }
          header a {
            color: #fff;
          }
          main {
            padding: 1rem;
            max-width: 60rem;
            margin: 0 auto;
          }
          .demo {
            background: #ffd54f;
            color: #222;
            padding: 0.5rem 1rem;
            font-weight: 600;
          }
          .card {
            background: #fff;
            border: 1px solid #ddd;
            border-radius: 0.5rem;
            padding: 1rem;
            margin-bottom: 1rem;
          }
          .problem {
            color: #b00020;
          }
          table {
            border-collapse: collapse;
            width: 100%;
          }
          td,
          th {
            text-align: left;
            padding: 0.25rem 0.5rem;
            border-bottom: 1px solid #eee;
          }
          .button {
            display: inline-block;
            background: #1db954;
            color: #fff;
            padding: 0.5rem 1rem;
            border-radius: 2rem;
            text-decoration: none;
          }
        </style>
      </head>
      <body>
        ${options.demo ? html`<div class="demo" role="status">Demo data — encore is running against simulated Spotify. Set SPOTIFY_CLIENT_ID to use your own account.</div>` : ''}
        <header>
          <strong>encore</strong>
          <nav><a href="/">Status</a></nav>
        </header>
        <main>${options.body}</main>
      </body>
    </html>`.value;
}
