import type { ClockHour, Forgotten, OnThisDay, RediscoveredTrack } from '../../analytics/index.ts';
import { formatInt, formatMinutes } from '../format.ts';
import { html } from 'hono/html';
import type { Html } from '../markup.ts';
import { artistLink, trackLink } from '../links.ts';
import { type RangeChoice, rangeForm } from '../range-picker.ts';
import { clockSvg, clockTable } from './clock.ts';

export interface RediscoverPage {
  onThisDay: OnThisDay;
  forgotten: Forgotten;
  clock: ClockHour[];
  choice: RangeChoice;
  csrf: string;
  /** The outcome of "make a playlist", shown once after the redirect. */
  made?: { id: string; tracks: number } | null;
  problem?: string | null;
}

export function rediscoverView(p: RediscoverPage): Html {
  return html`<h1>Rediscover</h1>
    ${p.problem ? html`<p class="notice bad" role="alert">${p.problem}</p>` : ''}
    <div class="grid">${onThisDayCard(p.onThisDay)} ${forgottenCard(p)}</div>
    ${clockCard(p)}`;
}

function trackLine(t: RediscoveredTrack, extra: Html | string = ''): Html {
  return html`<li data-track="${t.trackKey}" data-plays="${t.plays}">
    <strong>${trackLink({ trackKey: t.trackKey, name: t.name })}</strong>
    ${t.artistName ? html`<span class="muted small">· ${artistLink({ artistId: t.artistId, name: t.artistName })}</span>` : ''}
    <span class="muted small">· ${formatInt(t.plays)} ${t.plays === 1 ? 'stream' : 'streams'}</span> ${extra}
  </li>`;
}

function onThisDayCard(d: OnThisDay): Html {
  const [, month, day] = d.today.split('-');
  return html`<section class="card" aria-labelledby="on-this-day">
    <h2 id="on-this-day">On this day</h2>
    <p class="small muted">What you played on ${month}-${day} in earlier years (your time zone).</p>
    ${
      d.years.length
        ? d.years.map(
            (y) =>
              html`<section data-year="${y.year}" data-plays="${y.plays}">
                <h3 style="margin:0.8rem 0 0.2rem;font-size:1rem">
                  ${y.yearsAgo === 1 ? '1 year ago' : `${y.yearsAgo} years ago`}
                  <span class="muted small"
                    >· ${d.today.replace(/^\d{4}/, String(y.year))} · ${formatInt(y.plays)}
                    ${y.plays === 1 ? 'stream' : 'streams'}, ${formatMinutes(y.minutes)}</span
                  >
                </h3>
                <ul class="plain-list">
                  ${y.tracks.map((t) => trackLine(t))}
                </ul>
              </section>`,
          )
        : html`<p class="muted" data-empty>Nothing on this day in earlier years yet.</p>`
    }
  </section>`;
}

function forgottenCard(p: RediscoverPage): Html {
  const f = p.forgotten;
  const playable = f.tracks.filter((t) => t.trackId).length;
  return html`<section class="card" aria-labelledby="forgotten">
    <h2 id="forgotten">Forgotten favourites</h2>
    <form class="inline" method="get" action="/rediscover" aria-label="Forgotten for how long">
      <label
        >Months without a play
        <input type="number" name="months" min="1" max="240" value="${f.months}" />
      </label>
      <button type="submit">Show</button>
    </form>
    <p class="small muted">
      Tracks you streamed at least ${f.minPlays} times and not since ${f.since}, the most streamed first.
    </p>
    ${
      p.made
        ? html`<p class="notice" role="status" data-playlist-made="${p.made.id}">
            Playlist made with ${formatInt(p.made.tracks)} tracks:
            <a href="https://open.spotify.com/playlist/${p.made.id}" rel="noopener noreferrer"
              >open it in Spotify</a
            >.
          </p>`
        : ''
    }
    ${
      f.tracks.length
        ? html`<ul class="plain-list" data-list="forgotten">
              ${f.tracks.map((t) => trackLine(t, html`<span class="muted small">· last ${t.lastPlayedAt.slice(0, 10)}</span>`))}
            </ul>
            <form method="post" action="/rediscover/playlist" style="margin-top:0.75rem">
              <input type="hidden" name="_csrf" value="${p.csrf}" />
              <input type="hidden" name="months" value="${f.months}" />
              <button type="submit" ${playable ? '' : html`disabled`}>
                Make a playlist of ${formatInt(playable)} ${playable === 1 ? 'track' : 'tracks'}
              </button>
            </form>`
        : html`<p class="muted" data-empty>Nothing forgotten: you still play all your favourites.</p>`
    }
  </section>`;
}

function clockCard(p: RediscoverPage): Html {
  return html`<section class="card" aria-labelledby="clock" style="margin-top:1rem">
    <h2 id="clock">Listening clock</h2>
    <p class="small muted">
      When in the day you listen, ${p.choice.first} – ${p.choice.last}: each segment is one hour, midnight at
      the top.
    </p>
    ${rangeForm(p.choice, { withBucket: false })}
    <figure class="chart-figure">
      ${clockSvg(p.clock, p.choice.metric)}
      <details>
        <summary>Show the numbers</summary>
        <div class="table-wrap">${clockTable(p.clock)}</div>
      </details>
    </figure>
  </section>`;
}
