import { html, raw } from 'hono/html';

/**
 * A piece of page made by hono/html's `html`: every interpolated value escaped, trusted
 * fragments nested as they are. Hono types it as possibly a Promise (when a Promise is
 * interpolated, which no view does); `c.html()` takes either.
 */
export type Html = ReturnType<typeof html>;

/**
 * Embeds data for the page's script as `<script type="application/json">`. `<`, `>` and
 * `&` are escaped as \u00XX so no value can close the element or start markup.
 */
export function jsonScript(id: string, data: unknown): Html {
  const json = JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  // One line, nothing around the JSON: the formatter leaves this template alone.
  // prettier-ignore
  return html`<script type="application/json" id="${id}">${raw(json)}</script>`;
}
