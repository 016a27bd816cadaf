import { normalizeStoryUrl } from '@parley/shared';

/** A rules file that cannot be used: the message names the line. */
export class RemapRulesError extends Error {}

interface PrefixRule {
  from: string;
  to: string;
}

/**
 * The rules of `parley stories remap`: `old-url new-url` moves one story, `old-prefix* new-prefix*`
 * every story whose URL starts with the old prefix. Exact rules win over prefixes, and the longest
 * matching prefix wins over shorter ones. A story's new URL is derived from its URL before the run
 * only, so rules never chain (a → b and b → c move a story at a to b).
 */
export class RemapRules {
  private constructor(
    private readonly exact: ReadonlyMap<string, string>,
    /** Longest first. */
    private readonly prefixes: readonly PrefixRule[],
  ) {}

  get size(): number {
    return this.exact.size + this.prefixes.length;
  }

  /** Parses a rules file's text; a RemapRulesError naming the first bad line. */
  static parse(text: string): RemapRules {
    const exact = new Map<string, string>();
    const prefixes = new Map<string, string>();
    text.split(/\r?\n/).forEach((raw, index) => {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) return;
      const fail = (why: string): never => {
        throw new RemapRulesError(`line ${index + 1}: ${why}`);
      };
      const parts = line.split(/\s+/);
      if (parts.length !== 2)
        fail(`expected \`old-url new-url\` or \`old-prefix* new-prefix*\`, got “${line}”`);
      const [from, to] = parts as [string, string];
      const fromPrefix = from.endsWith('*');
      if (fromPrefix !== to.endsWith('*')) fail('a prefix rule ends both URLs with *, an exact rule neither');
      if (fromPrefix) {
        const prefix = prefixOf(from) ?? fail(`not an http(s) URL prefix: ${from}`);
        const target = prefixOf(to) ?? fail(`not an http(s) URL prefix: ${to}`);
        if (prefixes.has(prefix)) fail(`${from} already has a rule above`);
        prefixes.set(prefix, target);
      } else {
        const url = normalizeStoryUrl(from) ?? fail(`not an http(s) URL: ${from}`);
        const target = normalizeStoryUrl(to) ?? fail(`not an http(s) URL: ${to}`);
        if (exact.has(url)) fail(`${from} already has a rule above`);
        exact.set(url, target);
      }
    });
    const ordered = [...prefixes].map(([from, to]) => ({ from, to }));
    ordered.sort((a, b) => b.from.length - a.from.length);
    return new RemapRules(exact, ordered);
  }

  /**
   * Where a story at `url` (stored normalized) moves: its new normalized URL; the same URL when no
   * rule matches; null when the matching prefix rule makes no valid URL of it.
   */
  target(url: string): string | null {
    const exact = this.exact.get(url);
    if (exact !== undefined) return exact;
    const rule = this.prefixes.find((prefix) => url.startsWith(prefix.from));
    if (!rule) return url;
    return normalizeStoryUrl(rule.to + url.slice(rule.from.length));
  }
}

/**
 * A prefix as stories spell their URLs (lower-case scheme and host, a path from `/`), without the
 * `*`; null when it is not an http(s) URL. Its trailing slash is kept: `/blog/*` must not match `/blogger`.
 */
function prefixOf(text: string): string | null {
  const bare = text.slice(0, -1);
  if (bare.includes('*') || bare.includes('#')) return null;
  let url: URL;
  try {
    url = new URL(bare);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password || !url.hostname) return null;
  return url.href;
}
