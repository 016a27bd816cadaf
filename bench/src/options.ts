/** Command-line flags of `pnpm bench`. Sizes default to the full run; `--quick` picks smaller ones. */
import { resolve } from 'node:path';

/** A path as the person typed it: `pnpm bench` runs in bench/, but INIT_CWD is where they stood. */
const fromCaller = (path: string) => resolve(process.env.INIT_CWD ?? process.cwd(), path);

export const SCENARIOS = [
  'fanout',
  'multinode',
  'joinwave',
  'writes',
  'scoring',
  'reads',
  'search',
  'import',
  'web',
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface Options {
  quick: boolean;
  only: ScenarioName[];
  /** Socket counts of the single-node fan-out, one run each. */
  sockets: number[];
  /** Socket counts of the two-node fan-out (in all, split over the nodes). */
  multiSockets: number[];
  /** Runs of the largest fan-out size (one node and two), for the spread. */
  repeats: number;
  /** Single-node fan-out with REDIS_URL set (Parley) and the Redis adapter (bare), as deployed. */
  fanoutRedis: boolean;
  /** Join wave: socket counts, and the seconds over which they join. */
  waveSockets: number[];
  waveSeconds: number;
  /** Pin servers and load to separate cores with taskset (when there are ≥ 2). */
  pin: boolean;
  /** Comments per second posted during fan-out. */
  rate: number;
  /** Seconds of measured posting in fan-out. */
  duration: number;
  /** Socket-client load processes. */
  clientProcs: number;
  /** Concurrent authors in `writes`, one run each (the largest is also how many are registered). */
  writers: number[];
  writeDuration: number;
  /** Concurrent authors in `scoring`, and its runs (each: scoring on and off). */
  scoringWriters: number;
  scoringRepeats: number;
  /** The toxicity model folder `scoring` loads; null: the shipped tiny model. */
  modelDir: string | null;
  /** Comments seeded for `reads`, one article per size. */
  comments: number[];
  readConcurrency: number;
  readDuration: number;
  deepPages: number;
  pageSize: number;
  /** Comments seeded for `search`. */
  searchComments: number;
  /** Moderators searching at once, each again as soon as answered. */
  searchConcurrency: number;
  searchDuration: number;
  /** Pairs of posting rounds with and without the text index (0: none). */
  indexRounds: number;
  /** Posts in the generated Disqus export of `import`. */
  importPosts: number;
  /** Record a CPU profile of each Parley server during its measured window. */
  profile: boolean;
  /** Rebuild Parley (turbo, cached) even when its dist exists. */
  build: boolean;
  keepDb: boolean;
  databaseUrl: string;
  redisUrl: string;
  out: string;
}

const HELP = `Usage: pnpm bench [--quick] [flags]

  --quick                 smaller sizes (see below); a few minutes
  --only=LIST             scenarios to run, comma-separated: ${SCENARIOS.join(',')}
  --sockets=LIST          single-node fan-out socket counts          (1000,10000; quick 200,1000)
  --multi-sockets=LIST    two-node fan-out sockets, in all           (2000,10000; quick 400,1000)
  --repeats=N             runs of the largest fan-out size           (3; quick 2)
  --fanout-redis=on|off   single-node fan-out with Redis, as deployed (on)
  --rate=N                comments posted per second in fan-out      (5)
  --duration=S            seconds of posting per fan-out run         (10; quick 4)
  --wave-sockets=LIST     join-wave socket counts                    (1000,10000; quick 200,1000)
  --wave-seconds=S        seconds over which the wave joins          (10; quick 5)
  --client-procs=N        socket-client load processes               (2)
  --writers=LIST          concurrent authors in the writes scenario  (8,32)
  --write-duration=S      seconds of writes                          (10; quick 3)
  --scoring-writers=N     concurrent authors in the scoring scenario (32)
  --scoring-repeats=N     runs of scoring on and off                 (3; quick 1)
  --model-dir=PATH        toxicity model folder for scoring          (apps/api/models/tiny-toxicity)
  --comments=LIST         comments seeded for the reads scenario     (10000,100000; quick 2000,20000)
  --pin=auto|off          servers and load on separate cores (taskset, ≥ 2 cores)  (auto)
  --read-concurrency=N    concurrent readers                         (16)
  --read-duration=S       seconds per read case                      (4; quick 1)
  --deep-pages=N          pages followed before the deep-page case   (20; quick 10)
  --search-comments=N     comments seeded for the search scenario   (1000000; quick 50000)
  --search-concurrency=N  moderators searching at once               (4)
  --search-duration=S     seconds per search case                    (5; quick 1)
  --index-rounds=N        pairs of posting rounds with/without the text index (3; quick 1; 0 skips)
  --import-posts=N        posts in the Disqus export the import scenario generates (200000; quick 20000)
  --profile               CPU-profile Parley servers (and the import CLI) while measured (bench/results/profiles/)
  --build                 run the (cached) turbo build first even if dist exists
  --keep-db               keep the throwaway database (its name is printed)
  --out=PATH              JSON results file                          (bench/results/latest.json)

Env: DATABASE_URL (admin URL; default postgres://postgres@127.0.0.1:5432/postgres),
     REDIS_URL (default redis://127.0.0.1:6379). Both must be on loopback.`;

function list(value: string): number[] {
  return value.split(',').map((item) => {
    const number = Number(item.replace(/_/g, ''));
    if (!Number.isFinite(number) || number <= 0) throw new Error(`not a positive number: "${item}"`);
    return number;
  });
}

function positive(name: string, value: string): number {
  const number = Number(value.replace(/_/g, ''));
  if (!Number.isFinite(number) || number <= 0)
    throw new Error(`--${name} must be a positive number (got "${value}")`);
  return number;
}

export function parseOptions(argv: string[]): Options {
  const quick = argv.includes('--quick');
  const options: Options = {
    quick,
    only: [...SCENARIOS],
    sockets: quick ? [200, 1000] : [1000, 10_000],
    multiSockets: quick ? [400, 1000] : [2000, 10_000],
    repeats: quick ? 2 : 3,
    fanoutRedis: true,
    waveSockets: quick ? [200, 1000] : [1000, 10_000],
    waveSeconds: quick ? 5 : 10,
    pin: true,
    rate: 5,
    duration: quick ? 4 : 10,
    clientProcs: 2,
    writers: [8, 32],
    writeDuration: quick ? 3 : 10,
    scoringWriters: 32,
    scoringRepeats: quick ? 1 : 3,
    modelDir: null,
    comments: quick ? [2000, 20_000] : [10_000, 100_000],
    readConcurrency: 16,
    readDuration: quick ? 1 : 4,
    deepPages: quick ? 10 : 20,
    pageSize: 50,
    searchComments: quick ? 50_000 : 1_000_000,
    searchConcurrency: 4,
    searchDuration: quick ? 1 : 5,
    indexRounds: quick ? 1 : 3,
    importPosts: quick ? 20_000 : 200_000,
    profile: false,
    build: false,
    keepDb: false,
    databaseUrl: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
    redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
    out: '',
  };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === '--') continue;
    if (arg === '--help' || arg === '-h') {
      console.log(HELP);
      process.exit(0);
    }
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`unknown argument "${arg}" (see --help)`);
    const name = match[1]!;
    const flag = ['quick', 'profile', 'build', 'keep-db'].includes(name);
    const value = flag ? '' : (match[2] ?? argv[++index]);
    if (!flag && value === undefined) throw new Error(`--${name} needs a value`);
    const text = value ?? '';
    switch (name) {
      case 'quick':
        break;
      case 'profile':
        options.profile = true;
        break;
      case 'build':
        options.build = true;
        break;
      case 'keep-db':
        options.keepDb = true;
        break;
      case 'only': {
        const names = text.split(',').map((item) => item.trim());
        for (const item of names) {
          if (!(SCENARIOS as readonly string[]).includes(item))
            throw new Error(`--only: unknown scenario "${item}"`);
        }
        options.only = names as ScenarioName[];
        break;
      }
      case 'sockets':
        options.sockets = list(text);
        break;
      case 'multi-sockets':
        options.multiSockets = list(text);
        break;
      case 'repeats':
        options.repeats = Math.round(positive(name, text));
        break;
      case 'fanout-redis':
        if (text !== 'on' && text !== 'off') throw new Error(`--fanout-redis must be on or off (got "${text}")`);
        options.fanoutRedis = text === 'on';
        break;
      case 'wave-sockets':
        options.waveSockets = list(text);
        break;
      case 'wave-seconds':
        options.waveSeconds = positive(name, text);
        break;
      case 'pin':
        if (text !== 'auto' && text !== 'off') throw new Error(`--pin must be auto or off (got "${text}")`);
        options.pin = text === 'auto';
        break;
      case 'rate':
        options.rate = positive(name, text);
        break;
      case 'duration':
        options.duration = positive(name, text);
        break;
      case 'client-procs':
        options.clientProcs = Math.round(positive(name, text));
        break;
      case 'writers':
        options.writers = list(text).map(Math.round);
        break;
      case 'write-duration':
        options.writeDuration = positive(name, text);
        break;
      case 'scoring-writers':
        options.scoringWriters = Math.round(positive(name, text));
        break;
      case 'scoring-repeats':
        options.scoringRepeats = Math.round(positive(name, text));
        break;
      case 'model-dir':
        options.modelDir = fromCaller(text);
        break;
      case 'comments':
        options.comments = list(text).map(Math.round);
        break;
      case 'read-concurrency':
        options.readConcurrency = Math.round(positive(name, text));
        break;
      case 'read-duration':
        options.readDuration = positive(name, text);
        break;
      case 'deep-pages':
        options.deepPages = Math.round(positive(name, text));
        break;
      case 'search-comments':
        options.searchComments = Math.round(positive(name, text));
        break;
      case 'search-concurrency':
        options.searchConcurrency = Math.round(positive(name, text));
        break;
      case 'search-duration':
        options.searchDuration = positive(name, text);
        break;
      case 'index-rounds': {
        const rounds = Number(text);
        if (!Number.isInteger(rounds) || rounds < 0)
          throw new Error(`--index-rounds must be a whole number, 0 or more (got "${text}")`);
        options.indexRounds = rounds;
        break;
      }
      case 'import-posts':
        options.importPosts = Math.round(positive(name, text));
        break;
      case 'out':
        options.out = fromCaller(text);
        break;
      default:
        throw new Error(`unknown flag --${name} (see --help)`);
    }
  }
  for (const [name, url] of [
    ['DATABASE_URL', options.databaseUrl],
    ['REDIS_URL', options.redisUrl],
  ] as const) {
    const host = new URL(url).hostname;
    if (!['127.0.0.1', 'localhost', '[::1]', '::1'].includes(host)) {
      throw new Error(`${name} must point at this machine's loopback address (got host "${host}")`);
    }
  }
  return options;
}
