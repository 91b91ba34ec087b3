import type { YearInReview } from '../../analytics/index.ts';
import { formatInt, formatMinutes } from '../format.ts';
import { html, raw } from 'hono/html';
import type { Html } from '../markup.ts';
import { barsSvg, clockSvg, monthsSvg } from './review-charts.ts';
import { REVIEW_CSS } from './review-css.ts';
import { artistLink, trackLink } from '../links.ts';
import { dayName, daySpan, monthName } from './review-text.ts';

export { REVIEW_CSS } from './review-css.ts';

/** Who and when a review is about, as printed on it. */
export interface ReviewLabels {
  title: string;
  /** The display name (never an account id on a shared page). */
  who: string;
  period: string;
  /** Names link to their artist and track pages (the page in the app only, never a share or download). */
  links?: boolean;
}

/**
 * A cover image, or a placeholder with the name's first letter when the catalog has no
 * image. Only http(s) URLs are used: the URL came from an API response.
 */
function cover(url: string | null, name: string, size: number): Html {
  if (url && /^https?:\/\//i.test(url))
    return html`<img
      src="${url}"
      alt=""
      width="${size}"
      height="${size}"
      loading="lazy"
      referrerpolicy="no-referrer"
    />`;
  const initial = [...name.trim()][0]?.toUpperCase() ?? '♪';
  return html`<span class="yir-ph" aria-hidden="true" data-no-cover>${initial}</span>`;
}

function topArtistsList(r: YearInReview, links: boolean): Html {
  if (!r.topArtists.length) return html`<p class="yir-muted">Nothing to show.</p>`;
  return html`<ol class="yir-list" data-top="artists">
    ${r.topArtists.map(
      (a, i) =>
        html`<li data-name="${a.name}" data-minutes="${a.minutes}">
          <span class="yir-rank">${i + 1}</span>${cover(a.imageUrl, a.name, 48)}
          <span class="yir-what"
            ><strong>${links ? artistLink(a) : a.name}</strong
            ><span class="yir-muted">${formatMinutes(a.minutes)} · ${formatInt(a.plays)} plays</span></span
          >
        </li>`,
    )}
  </ol>`;
}

function topTracksList(r: YearInReview, links: boolean): Html {
  if (!r.topTracks.length) return html`<p class="yir-muted">Nothing to show.</p>`;
  return html`<ol class="yir-list" data-top="tracks">
    ${r.topTracks.map(
      (t, i) =>
        html`<li data-name="${t.name}" data-minutes="${t.minutes}">
          <span class="yir-rank">${i + 1}</span>${cover(t.imageUrl, t.albumName ?? t.name, 48)}
          <span class="yir-what"
            ><strong>${links ? trackLink(t) : t.name}</strong
            ><span class="yir-muted"
              >${t.artistName ? `${t.artistName} · ` : ''}${formatMinutes(t.minutes)}</span
            ></span
          >
        </li>`,
    )}
  </ol>`;
}

function factsList(r: YearInReview): Html {
  const fact = (key: string, label: string, value: string, detail?: string) =>
    html`<div class="yir-fact" data-fact="${key}">
      <dt>${label}</dt>
      <dd>${value}${detail ? html`<small>${detail}</small>` : ''}</dd>
    </div>`;
  const s = r.longestSession;
  const streak = r.longestStreak;
  return html`<dl class="yir-facts">
    ${fact('top-month', 'Top month', r.topMonth ? monthName(r.topMonth.month) : '—', r.topMonth ? formatMinutes(r.topMonth.minutes) : undefined)}
    ${fact('biggest-day', 'Biggest day', r.biggestDay ? dayName(r.biggestDay.date) : '—', r.biggestDay ? `${formatMinutes(r.biggestDay.minutes)}, ${formatInt(r.biggestDay.plays)} plays` : undefined)}
    ${fact('longest-session', 'Longest session', s ? formatMinutes(s.minutes) : '—', s ? `${dayName(s.localStart)}, ${formatInt(s.plays)} plays` : undefined)}
    ${fact(
      'new-artists',
      'New artists',
      formatInt(r.newArtists.count),
      r.newArtists.first
        .slice(0, 3)
        .map((d) => d.name)
        .join(', ') || undefined,
    )}
    ${fact('longest-streak', 'Longest streak', streak ? `${streak.days} days` : '—', streak ? daySpan(streak.start, streak.end) : undefined)}
  </dl>`;
}

function genresCard(r: YearInReview): Html {
  const pending = r.genresPending.plays
    ? html`<p class="yir-muted" data-genres-pending>
        Genres pending: ${formatInt(r.genresPending.plays)} plays, ${formatMinutes(r.genresPending.minutes)}
        not sorted into genres yet.
      </p>`
    : '';
  return html`<section class="yir-card">
    <h2>Top genres</h2>
    ${
      r.topGenres.length || !r.genresPending.plays
        ? barsSvg(
            'Top genres by minutes',
            r.topGenres.map((g) => ({ label: g.genre, value: g.minutes, text: formatMinutes(g.minutes) })),
          )
        : ''
    }
    ${pending}
  </section>`;
}

/** The review itself: hero, facts, charts and top lists. The page, the download and the share page show this. */
export function reviewCard(r: YearInReview, labels: ReviewLabels): Html {
  const star = r.topArtists[0];
  return html`<article class="yir" data-review-minutes="${r.minutes}" data-review-plays="${r.plays}">
    <header class="yir-hero">
      <div>
        <h1>${labels.who} · ${labels.title}</h1>
        <p class="yir-big" data-total>${formatMinutes(r.minutes)}</p>
        <p class="yir-sub">
          ${formatInt(Math.round(r.minutes))} minutes · ${formatInt(r.plays)} plays ·
          ${formatInt(r.distinctTracks)} tracks · ${formatInt(r.distinctArtists)} artists
        </p>
      </div>
      ${
        star
          ? html`<div class="yir-star">
              ${cover(star.imageUrl, star.name, 128)}
              <p>Top artist: <strong>${star.name}</strong></p>
            </div>`
          : ''
      }
    </header>
    ${factsList(r)}
    <div class="yir-cols">
      <section class="yir-card" data-chart="months">
        <h2>Minutes per month</h2>
        ${monthsSvg(r.months)}
      </section>
      <section class="yir-card yir-clock" data-chart="clock">
        <h2>Your listening clock</h2>
        ${clockSvg(r.hours)}
      </section>
    </div>
    <div class="yir-cols">
      <section class="yir-card">
        <h2>Top artists</h2>
        ${topArtistsList(r, labels.links === true)}
      </section>
      <section class="yir-card">
        <h2>Top tracks</h2>
        ${topTracksList(r, labels.links === true)}
      </section>
      ${genresCard(r)}
    </div>
    <p class="yir-muted">${labels.period} (${r.range.timeZone}) · made with encore</p>
  </article>`;
}

/**
 * A whole document around the card: inline CSS and SVG, no scripts, no links back to the
 * server (cover images are absolute links to where Spotify serves them). The downloadable
 * file and the share page are this; `head` adds e.g. a robots tag.
 */
export function standaloneReview(r: YearInReview, labels: ReviewLabels, head: Html | string = ''): Html {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        ${head}
        <title>${labels.who} · ${labels.title}</title>
        <style>
          body { margin: 0; padding: 1rem; background: #f6f6f3; }
          @media (prefers-color-scheme: dark) { body { background: #111214; } }
          main { max-width: 60rem; margin: 0 auto; }
          ${raw(REVIEW_CSS)}
        </style>
      </head>
      <body>
        <main>${reviewCard(r, labels)}</main>
      </body>
    </html>`;
}
