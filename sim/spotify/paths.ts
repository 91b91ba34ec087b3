/**
 * Paths in the simulator's controls may be written with or without the `/v1` prefix
 * (`'/me/player/recently-played'` or `'/v1/me/player/recently-played'`); accounts paths
 * always start with `/accounts`.
 */
export function normalizeSimPath(path: string): string {
  if (path.startsWith('/v1') || path.startsWith('/accounts')) return path;
  return `/v1${path.startsWith('/') ? '' : '/'}${path}`;
}

export function isApiPath(path: string): boolean {
  return path === '/v1' || path.startsWith('/v1/');
}

const SIM_ROOTS = /\/(?:v1|accounts|images)(?:\/|$)/;

/**
 * The part of a request path before the simulator's own routes: '' when served at the
 * root, '/spotify' when the app is mounted under `/spotify` in a combined server.
 */
export function mountPrefix(pathname: string): string {
  const match = SIM_ROOTS.exec(pathname);
  return match ? pathname.slice(0, match.index) : '';
}

/** The request path as the simulator sees it, without any mount prefix. */
export function simPath(pathname: string): string {
  return pathname.slice(mountPrefix(pathname).length);
}
