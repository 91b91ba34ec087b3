import type { ShareLinkRow } from '../../share/links.ts';
import { formatLocalTime } from '../../util/format.ts';
import { html } from 'hono/html';
import type { Html } from '../markup.ts';

/** Unknown, revoked or malformed: the same plain page, saying nothing about which. */
export function noSharePage(): Html {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="robots" content="noindex, nofollow" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>No such share</title>
      </head>
      <body style="font-family: system-ui, sans-serif; margin: 2rem">
        <h1>No such share</h1>
        <p>This link does not exist or has been revoked.</p>
      </body>
    </html>`;
}

/** A year with no plays has nothing to share. */
export function emptyYearNotice(year: number): Html {
  return html`<p class="notice bad" role="alert">No plays in ${year}: nothing to share.</p>`;
}

/** The link just created, shown once (only its hash is kept). */
export function createdShare(url: string, year: number): Html {
  return html`<div class="notice" role="status" data-share-created>
    <p style="margin:0 0 .4rem">
      Share link for ${year} created. Anyone with it can see this review (no other page, no other data). It is
      shown only now: copy it.
    </p>
    <input
      type="text"
      readonly
      value="${url}"
      aria-label="Share link"
      data-share-url
      style="width:100%;font-family:monospace"
    />
    <p style="margin:.4rem 0 0">
      <a href="${url}" target="_blank" rel="noopener noreferrer">Open the shared page</a>
    </p>
  </div>`;
}

/** "Share" for the year shown, and every link of the account with a Revoke button. */
export function shareSection(
  links: ShareLinkRow[],
  options: { year?: number; csrf: string; timeZone: string },
): Html {
  const when = (d: Date | null) => (d ? formatLocalTime(d.getTime(), options.timeZone) : '');
  return html`<section class="card" aria-labelledby="share-links" style="margin-top:1rem">
    <h2 id="share-links">Share</h2>
    ${
      options.year
        ? html`<form method="post" action="/review/share" class="inline">
            <input type="hidden" name="_csrf" value="${options.csrf}" />
            <input type="hidden" name="year" value="${options.year}" />
            <button type="submit">Share ${options.year}</button>
            <span class="muted small">A read-only link to this review; you can revoke it any time.</span>
          </form>`
        : html`<p class="muted small">Pick a calendar year to share it.</p>`
    }
    ${
      links.length
        ? html`<div class="table-wrap">
            <table data-table="share-links">
              <thead>
                <tr>
                  <th scope="col">Link</th>
                  <th scope="col">Year</th>
                  <th scope="col">Created</th>
                  <th scope="col">State</th>
                </tr>
              </thead>
              <tbody>
                ${links.map(
                  (l) =>
                    html`<tr data-share-id="${l.shareId}" data-revoked="${l.revokedAt ? 'true' : 'false'}">
                      <td><code>${l.shareId}</code></td>
                      <td>${l.year}</td>
                      <td class="small">${when(l.createdAt)}</td>
                      <td>
                        ${l.revokedAt ? html`<span class="muted small">revoked ${when(l.revokedAt)}</span>` : revokeButton(l, options.csrf)}
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>`
        : ''
    }
  </section>`;
}

function revokeButton(l: ShareLinkRow, csrf: string): Html {
  return html`<form method="post" action="/review/share/${l.shareId}/revoke" style="display:inline">
    <input type="hidden" name="_csrf" value="${csrf}" />
    <button type="submit" class="secondary" aria-label="Revoke ${l.shareId}">Revoke</button>
  </form>`;
}
