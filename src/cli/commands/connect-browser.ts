import { createServer } from 'node:http';
import type { Services } from '../../app/services.ts';
import { beginConnect, type ConnectedAccount, completeConnect } from '../../spotify/connect.ts';
import type { AppContext } from '../../app/context.ts';
import { UsageError } from '../run.ts';

const WAIT_MS = 5 * 60_000;

/**
 * The browser half of `encore connect`: listen on the loopback redirect URI, print the
 * authorize URL, and finish the PKCE exchange when Spotify sends the browser back.
 */
export async function connectWithBrowser(ctx: AppContext, services: Services): Promise<ConnectedAccount> {
  const redirect = new URL(ctx.config.spotify.redirectUri);
  if (redirect.protocol !== 'http:') {
    throw new UsageError(
      '`encore connect` listens on a loopback http:// redirect URI; with an https one, sign in through the web app instead.',
    );
  }
  const pending = beginConnect(services.spotify);
  return new Promise<ConnectedAccount>((resolve, reject) => {
    const timer = setTimeout(
      () => finish(new UsageError('Timed out after 5 minutes waiting for Spotify to redirect back.')),
      WAIT_MS,
    );
    const server = createServer(async (req, res) => {
      const url = new URL(req.url ?? '/', ctx.config.spotify.redirectUri);
      if (url.pathname !== redirect.pathname) {
        res.writeHead(404).end();
        return;
      }
      try {
        const account = await completeConnect(
          { db: ctx.db, spotify: services.spotify, clock: ctx.clock },
          pending,
          {
            code: url.searchParams.get('code'),
            state: url.searchParams.get('state'),
            error: url.searchParams.get('error'),
          },
        );
        res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end('<p>encore is connected. You can close this tab.</p>');
        finish(undefined, account);
      } catch (error) {
        res
          .writeHead(400, { 'content-type': 'text/html; charset=utf-8' })
          .end('<p>Connecting failed; see the terminal.</p>');
        finish(error as Error);
      }
    });
    function finish(error?: Error, account?: ConnectedAccount) {
      clearTimeout(timer);
      server.closeAllConnections();
      server.close();
      if (error) reject(error);
      else resolve(account!);
    }
    server.on('error', (error: NodeJS.ErrnoException) =>
      finish(
        new UsageError(
          error.code === 'EADDRINUSE'
            ? `Port ${redirect.port} is busy (is \`encore serve\` running? Then sign in on its web page instead).`
            : error.message,
        ),
      ),
    );
    server.listen(Number(redirect.port || 80), redirect.hostname.replace(/^\[|\]$/g, ''), () => {
      console.log('Open this address in a browser and allow access:');
      console.log(`  ${pending.url}`);
      console.log(`Waiting for Spotify to redirect to ${ctx.config.spotify.redirectUri} …`);
    });
  });
}
