import type { YearInReview } from '../../analytics/index.ts';
import { formatInt, formatMinutes } from '../format.ts';
import { html, SafeHtml } from '../html.ts';
import { artistHref, trackLink } from '../links.ts';

/**
 * Styles of the review card. The same string is inlined in the downloadable file, which
 * must look right opened from disk with nothing else around it.
 */
export const REVIEW_CSS = `
.yir { --g1:#0f3d24; --g2:#127a3e; --g3:#1db954; font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color:#17171c; line-height:1.45; }
.yir * { box-sizing: border-box; }
.yir-hero { background: linear-gradient(135deg, var(--g1), var(--g2) 55%, var(--g3)); color:#fff; border-radius: 1rem; padding: 1.5rem; margin-bottom: 1rem; }
.yir-hero h1 { margin: 0 0 .25rem; font-size: clamp(1.4rem, 5vw, 2.2rem); letter-spacing: -.02em; }
.yir-big { font-size: clamp(2.4rem, 11vw, 4.5rem); font-weight: 800; letter-spacing: -.03em; line-height: 1; margin: .75rem 0 .25rem; }
.yir-sub { opacity: .9; margin: 0; }
.yir-facts { display: grid; gap: .75rem; grid-template-columns: repeat(auto-fit, minmax(min(100%, 13rem), 1fr)); margin: 0 0 1rem; }
.yir-fact { background: #fff; border: 1px solid #e2e1dc; border-radius: .75rem; padding: .8rem 1rem; }
.yir-fact dt { color: #5b5d66; font-size: .85rem; }
.yir-fact dd { margin: .1rem 0 0; font-size: 1.25rem; font-weight: 700; overflow-wrap: anywhere; }
.yir-fact dd small { display:block; font-size: .85rem; font-weight: 400; color:#5b5d66; }
.yir-cols { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(min(100%, 20rem), 1fr)); }
.yir-card { background: #fff; border: 1px solid #e2e1dc; border-radius: .75rem; padding: 1rem; }
.yir-card h2 { margin: 0 0 .5rem; font-size: 1.1rem; }
.yir-card svg { width: 100%; height: auto; display: block; }
.yir-card ol { margin: 0; padding-left: 1.4rem; }
.yir-card li { padding: .2rem 0; overflow-wrap: anywhere; }
.yir-muted { color: #5b5d66; font-size: .875rem; }
`;

/** Horizontal bars as plain SVG (no script): a label line, then the bar and its value. */
export function barsSvg(
  title: string,
  items: Array<{ label: string; value: number; text: string; href?: string | null }>,
): SafeHtml {
  if (!items.length) return html`<p class="yir-muted">Nothing to show.</p>`;
  const row = 46;
  const max = Math.max(...items.map((i) => i.value), 1);
  return html`<svg
    viewBox="0 0 340 ${items.length * row}"
    role="img"
    aria-label="${title}"
    xmlns="http://www.w3.org/2000/svg"
  >
    <title>${title}</title>
    ${items.map((item, i) => {
      const y = i * row;
      const w = Math.max(4, Math.round((item.value / max) * 250));
      const label = html`<text x="0" y="${y + 15}" font-size="14" font-weight="600" fill="#17171c"
        >${truncate(item.label, 40)}</text
      >`;
      return html`<g>
        ${item.href ? html`<a href="${item.href}">${label}</a>` : label}
        <rect x="0" y="${y + 22}" width="${w}" height="14" rx="4" fill="#127a3e"></rect>
        <text x="${w + 6}" y="${y + 34}" font-size="12" fill="#5b5d66">${item.text}</text>
      </g>`;
    })}
  </svg>`;
}

function truncate(text: string, n: number): string {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

/**
 * The review itself: hero figure, facts, top lists. Used by the page and the download;
 * `links` (the page in the app only) links names to their artist and track pages.
 */
export function reviewCard(
  r: YearInReview,
  title: string,
  who: string,
  period: string,
  options: { links?: boolean } = {},
): SafeHtml {
  const links = options.links === true;
  const fact = (label: string, value: string, detail?: string) =>
    html`<div class="yir-fact">
      <dt>${label}</dt>
      <dd>${value}${detail ? html`<small>${detail}</small>` : ''}</dd>
    </div>`;
  return html`<article class="yir" data-review-minutes="${r.minutes}" data-review-plays="${r.plays}">
    <header class="yir-hero">
      <h1>${who} · ${title}</h1>
      <p class="yir-big">${formatInt(Math.round(r.minutes))} minutes</p>
      <p class="yir-sub">
        ${formatInt(r.plays)} plays · ${formatInt(r.distinctTracks)} tracks · ${formatInt(r.distinctArtists)}
        artists
      </p>
    </header>
    <dl class="yir-facts">
      ${fact('Top month', r.topMonth?.month ?? '—', r.topMonth ? formatMinutes(r.topMonth.minutes) : undefined)}
      ${fact('Biggest day', r.biggestDay?.date ?? '—', r.biggestDay ? `${formatMinutes(r.biggestDay.minutes)}, ${r.biggestDay.plays} plays` : undefined)}
      ${fact('Longest session', r.longestSession ? formatMinutes(r.longestSession.minutes) : '—', r.longestSession ? `${r.longestSession.localStart}, ${r.longestSession.plays} plays` : undefined)}
      ${fact(
        'New artists',
        formatInt(r.newArtists.count),
        r.newArtists.first
          .slice(0, 3)
          .map((d) => d.name)
          .join(', ') || undefined,
      )}
      ${fact('Longest streak', r.longestStreak ? `${r.longestStreak.days} days` : '—', r.longestStreak ? `${r.longestStreak.start} – ${r.longestStreak.end}` : undefined)}
    </dl>
    <div class="yir-cols">
      <section class="yir-card">
        <h2>Top artists</h2>
        ${barsSvg(
          'Top artists by minutes',
          r.topArtists.map((a) => ({
            label: a.name,
            value: a.minutes,
            text: formatMinutes(a.minutes),
            href: links ? artistHref(a) : null,
          })),
        )}
      </section>
      <section class="yir-card">
        <h2>Top tracks</h2>
        <ol>
          ${r.topTracks.map((t) => html`<li><strong>${links ? trackLink({ trackKey: t.trackKey, name: t.name }) : t.name}</strong>${t.artistName ? html` <span class="yir-muted">· ${t.artistName}</span>` : ''} <span class="yir-muted">· ${formatMinutes(t.minutes)}</span></li>`)}
        </ol>
        ${r.topTracks.length ? '' : html`<p class="yir-muted">Nothing to show.</p>`}
      </section>
      <section class="yir-card">
        <h2>Top genres</h2>
        ${barsSvg(
          'Top genres by minutes',
          r.topGenres.map((g) => ({ label: g.genre, value: g.minutes, text: formatMinutes(g.minutes) })),
        )}
        ${r.genresPending.plays ? html`<p class="yir-muted" data-genres-pending>Genres pending: ${formatInt(r.genresPending.plays)} plays, ${formatMinutes(r.genresPending.minutes)}.</p>` : ''}
      </section>
    </div>
    <p class="yir-muted">${period} (${r.range.timeZone}) · made with encore</p>
  </article>`;
}

/** A file that stands alone: inline CSS and SVG, no scripts, no links back to the server. */
export function standaloneReview(r: YearInReview, title: string, who: string, period: string): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${who} · ${title}</title>
        <style>
          body { margin: 0; padding: 1rem; background: #f6f6f3; }
          main { max-width: 60rem; margin: 0 auto; }
          ${new SafeHtml(REVIEW_CSS)}
        </style>
      </head>
      <body>
        <main>${reviewCard(r, title, who, period)}</main>
      </body>
    </html>`.value;
}
