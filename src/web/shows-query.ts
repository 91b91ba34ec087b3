/**
 * The Shows page's query string: its filters and page, kept across a correction or a
 * dismissal so the browser comes back to the same place.
 */

/** Shows per place and page: 81 shows in one list made a 20,000 px page. */
export const SHOWS_PER_PAGE = 20;
/** The query keys a correction form brings back to, so the page stays where it was. */
const KEPT_KEYS = ['place', 'from', 'to', 'genre', 'known', 'page'];

export interface ShowFilters {
  place?: string;
  from?: string;
  to?: string;
  genre?: string;
  known: boolean;
  page: number;
}

/** Only the filter and page keys of a query, as a query string. */
export function keptQuery(q: Record<string, string | undefined> | URLSearchParams): string {
  const get = (key: string) => (q instanceof URLSearchParams ? q.get(key) : q[key]);
  const out = new URLSearchParams();
  for (const key of KEPT_KEYS) {
    const value = get(key);
    if (value) out.set(key, value.slice(0, 100));
  }
  return out.toString();
}

/** The filters as query keys (the page apart), for links to other pages of the same list. */
export function queryOf(f: ShowFilters): Record<string, string> {
  return {
    ...(f.place ? { place: f.place } : {}),
    ...(f.from ? { from: f.from } : {}),
    ...(f.to ? { to: f.to } : {}),
    ...(f.genre ? { genre: f.genre } : {}),
    ...(f.known ? { known: '1' } : {}),
  };
}
