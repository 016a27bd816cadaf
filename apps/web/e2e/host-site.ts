import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import { afterAll } from 'vitest';
import { browserSuite, type BrowserSuite } from './suite.js';

/** A news site that embeds Parley: its own origin (127.0.0.1, another site than Parley's localhost). */
export interface HostSite {
  origin: string;
  server: Server;
}

/** Serves one article page at `path`; `html` is read per request (it may name Parley's origin, known later). */
export async function hostSite(path: string, html: () => string): Promise<HostSite> {
  const server = createServer((request, response) => {
    if (request.url !== path) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(html());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** What the host's own server does (README, Single sign-on): signs a token for its reader. */
export function hostToken(
  secret: string,
  user: { id: string; username: string; name: string },
): Promise<string> {
  return new SignJWT({ username: user.username, displayName: user.name })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(user.id)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(secret));
}

/** The news site whose stories the host pages show (the `story-url` of their embeds). */
export const NEWS_ORIGIN = 'https://news.example.org';

export interface EmbedSuite extends BrowserSuite {
  /** Parley's origin as the host pages name it: localhost, another site than their 127.0.0.1. */
  readonly parleyOrigin: string;
  /** The host sites, each serving the same article page; Parley serves only the first. */
  readonly sites: readonly HostSite[];
}

/**
 * A `browserSuite` whose Parley is embedded by host pages on other origins: `count` sites serve
 * `article(parleyOrigin)` at `path`, and Parley allows the first (with single sign-on by `ssoSecret`),
 * so third-party cookie rules apply as on a real news site.
 */
export function embedSuite(options: {
  path: string;
  article: (parleyOrigin: string) => string;
  ssoSecret: string;
  count?: number;
}): EmbedSuite {
  const sites: HostSite[] = [];
  const suite = browserSuite(async () => {
    for (let i = 0; i < (options.count ?? 1); i += 1)
      sites.push(await hostSite(options.path, () => options.article(parleyOrigin())));
    return {
      env: { PARLEY_ORIGINS: `${NEWS_ORIGIN},${sites[0]!.origin}`, PARLEY_SSO_SECRET: options.ssoSecret },
    };
  });
  const parleyOrigin = () => suite.server.url.replace('127.0.0.1', 'localhost');
  afterAll(() => {
    for (const site of sites) site.server.close();
  });
  return {
    get server() {
      return suite.server;
    },
    newContext: (contextOptions) => suite.newContext(contextOptions),
    get parleyOrigin() {
      return parleyOrigin();
    },
    sites,
  };
}
