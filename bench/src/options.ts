/** Command-line flags of `pnpm bench`. Sizes default to the full run; `--quick` picks smaller ones. */

export const SCENARIOS = ['fanout', 'multinode', 'writes', 'reads', 'web'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface Options {
  quick: boolean;
  only: ScenarioName[];
  /** Socket counts of the single-node fan-out, one run each. */
  sockets: number[];
  /** Socket counts of the two-node fan-out. */
  multiSockets: number[];
  /** Comments per second posted during fan-out. */
  rate: number;
  /** Seconds of measured posting in fan-out. */
  duration: number;
  /** Socket-client load processes. */
  clientProcs: number;
  writers: number;
  writeDuration: number;
  comments: number;
  readConcurrency: number;
  readDuration: number;
  deepPages: number;
  pageSize: number;
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

  --quick                 smaller sizes (200/1000 sockets, 5 s, 20,000 comments); under 2 minutes
  --only=LIST             scenarios to run, comma-separated: ${SCENARIOS.join(',')}
  --sockets=LIST          single-node fan-out socket counts          (1000,5000; quick 200,1000)
  --multi-sockets=LIST    two-node fan-out socket counts             (5000; quick 1000)
  --rate=N                comments posted per second in fan-out      (10)
  --duration=S            seconds of posting per fan-out run         (10; quick 5)
  --client-procs=N        socket-client load processes               (2)
  --writers=N             concurrent authors in the writes scenario  (32)
  --write-duration=S      seconds of writes                          (10; quick 3)
  --comments=N            comments seeded for the reads scenario     (100000; quick 20000)
  --read-concurrency=N    concurrent readers                         (16)
  --read-duration=S       seconds per read case                      (4; quick 1)
  --deep-pages=N          pages followed before the deep-page case   (20; quick 10)
  --profile               CPU-profile Parley servers while measured (bench/results/profiles/)
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
    sockets: quick ? [200, 1000] : [1000, 5000],
    multiSockets: quick ? [1000] : [5000],
    rate: 10,
    duration: quick ? 5 : 10,
    clientProcs: 2,
    writers: 32,
    writeDuration: quick ? 3 : 10,
    comments: quick ? 20_000 : 100_000,
    readConcurrency: 16,
    readDuration: quick ? 1 : 4,
    deepPages: quick ? 10 : 20,
    pageSize: 50,
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
        options.writers = Math.round(positive(name, text));
        break;
      case 'write-duration':
        options.writeDuration = positive(name, text);
        break;
      case 'comments':
        options.comments = Math.round(positive(name, text));
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
      case 'out':
        options.out = text;
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
