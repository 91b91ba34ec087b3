import type { EntityMonth, EntityPage } from '../../analytics/index.ts';
import type { ShowListing } from '../../shows/list-shows.ts';
import { formatInt, formatMinutes } from '../format.ts';
import { html } from 'hono/html';
import type { Html } from '../markup.ts';
import { albumHref, albumLink, artistLink, trackHref } from '../links.ts';
import { chartFigure, topList } from './parts.ts';

const KIND_LABEL = { artist: 'Artist', album: 'Album', track: 'Track' } as const;

/** The page of one artist, album or track: figures, two charts, its lists and shows. */
export function entityView(e: EntityPage, shows: ShowListing[] | null, minStreamMs: number): Html {
  const s = e.summary;
  const kpi = (label: string, value: string, key: string, raw: string | number | null, small = false) =>
    html`<div class="kpi">
      <dt>${label}</dt>
      <dd data-kpi="${key}" data-value="${raw ?? ''}" class="${small ? 'small' : ''}">${value}</dd>
    </div>`;
  return html`<p class="small muted" style="margin:0">${KIND_LABEL[e.kind]}${context(e)}</p>
    <h1 data-entity-kind="${e.kind}" data-entity-id="${e.id}">${e.name}</h1>
    <dl class="kpis" aria-label="Key figures">
      ${kpi('Streams', formatInt(s.streams), 'streams', s.streams)}
      ${kpi('Plays', formatInt(s.plays), 'plays', s.plays)}
      ${kpi('Listening time', formatMinutes(s.minutes), 'minutes', s.minutes)}
      ${kpi('First listen', s.firstLocal ?? '—', 'first', s.firstPlayedAt, true)}
      ${kpi('Last listen', s.lastLocal ?? '—', 'last', s.lastPlayedAt, true)}
    </dl>
    <p class="small muted">
      A stream is a play of at least ${Math.round(minStreamMs / 1000)} s; plays count every one, shorter ones
      included. Figures cover your whole history.
    </p>
    ${s.plays === 0 ? html`<p class="notice" data-never-played>You have not played this yet.</p>` : ''}
    ${e.months.length ? charts(e) : ''}
    <div class="grid" style="margin-top:1rem">
      ${e.kind !== 'track' ? tracksCard(e) : ''} ${e.kind === 'artist' ? albumsCard(e) : ''}
      ${shows ? showsCard(shows) : ''}
    </div>`;
}

/** "· by Artist · on Album" under the kind, linked. */
function context(e: EntityPage): Html {
  const i = e.identity;
  if (!i || e.kind === 'artist') return html``;
  const album =
    e.kind === 'track' && i.albumName
      ? html` · on ${albumLink({ albumId: i.albumId, name: i.albumName, artistName: i.playArtist })}`
      : '';
  return html` · by ${artistLink({ artistId: i.artistId, name: i.artistName })}${album}`;
}

function charts(e: EntityPage): Html {
  return html`<div class="grid">
    <section class="card" aria-labelledby="minutes-per-month">
      <h2 id="minutes-per-month">Minutes per month</h2>
      ${chartFigure({
        id: 'minutes-per-month',
        kind: 'timeline',
        label: 'minutes per month',
        data: {
          metric: 'minutes',
          bucket: 'month',
          points: e.months.map((m) => ({ period: `${m.month}-01`, plays: m.plays, minutes: m.minutes })),
        },
        fallback: monthsTable(e.months, 'months'),
      })}
    </section>
    <section class="card" aria-labelledby="rank-per-month">
      <h2 id="rank-per-month">Rank per month</h2>
      ${chartFigure({
        id: 'rank-per-month',
        kind: 'rank',
        label: `rank among your ${e.kind}s per month`,
        data: {
          kind: e.kind,
          points: e.months.map((m) => ({ period: `${m.month}-01`, rank: m.rank, of: m.of })),
        },
        fallback: html`<p class="small muted">
            1 = your most streamed ${e.kind} that month; empty months have no rank.
          </p>
          ${monthsTable(e.months, 'ranks')}`,
      })}
    </section>
  </div>`;
}

function monthsTable(months: EntityMonth[], name: 'months' | 'ranks'): Html {
  return html`<table data-table="${name}">
    <thead>
      <tr>
        <th scope="col">Month</th>
        <th class="num" scope="col">Streams</th>
        <th class="num" scope="col">Minutes</th>
        <th class="num" scope="col">Rank</th>
      </tr>
    </thead>
    <tbody>
      ${months.map(
        (m) =>
          html`<tr
            data-month="${m.month}"
            data-plays="${m.plays}"
            data-minutes="${m.minutes}"
            data-rank="${m.rank ?? ''}"
          >
            <td>${m.month}</td>
            <td class="num">${formatInt(m.plays)}</td>
            <td class="num">${m.minutes.toFixed(1)}</td>
            <td class="num">${m.rank === null ? '—' : `${m.rank} of ${formatInt(m.of)}`}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

function tracksCard(e: EntityPage): Html {
  const items = e.topTracks.map((t) => ({
    name: t.name,
    href: trackHref(t.trackKey),
    detail: e.kind === 'album' ? null : t.albumName,
    plays: t.plays,
    minutes: t.minutes,
  }));
  return html`<section class="card" aria-labelledby="entity-tracks">
    <h2 id="entity-tracks">${e.kind === 'album' ? 'Tracks you played' : 'Your top tracks'}</h2>
    ${topList('tracks', items, 'plays')}
  </section>`;
}

function albumsCard(e: EntityPage): Html {
  const items = e.albums.map((a) => ({
    name: a.name,
    href: albumHref(a),
    plays: a.plays,
    minutes: a.minutes,
  }));
  return html`<section class="card" aria-labelledby="entity-albums">
    <h2 id="entity-albums">Albums</h2>
    ${topList('albums', items, 'plays')}
  </section>`;
}

function showsCard(shows: ShowListing[]): Html {
  return html`<section class="card" aria-labelledby="entity-shows">
    <h2 id="entity-shows">Upcoming shows near you</h2>
    ${
      shows.length
        ? html`<ul class="plain-list" data-list="shows">
            ${shows.map(({ event: ev }) => {
              const where = [ev.venue.name, ev.venue.city].filter(Boolean).join(', ');
              return html`<li data-event="${ev.key}">
                <strong><time datetime="${ev.localDate}">${ev.localDate}</time></strong
                >${ev.localTime ? ` ${ev.localTime}` : ''} · ${where}<br />
                ${ev.url ? html`<a href="${ev.url}" rel="noopener noreferrer">${ev.name}</a>` : ev.name}
                ${ev.status !== 'scheduled' ? html`<span class="badge warn">${ev.status}</span>` : ''}
              </li>`;
            })}
          </ul>`
        : html`<p class="muted">No upcoming shows near your places.</p>`
    }
    <p class="small"><a href="/shows">All shows near you →</a></p>
  </section>`;
}
