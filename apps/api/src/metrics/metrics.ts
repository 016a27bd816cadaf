import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Gathers a value at scrape time (a count in the database, a pool's state); may be async. */
export type ScrapeCollector = () => void | Promise<void>;

/**
 * Every metric Parley exports, in one place so the names stay consistent (`parley_…`, `_total`
 * for counters, `_seconds` for times) and the README's list can be checked against it. Counters
 * are bumped where things happen; gauges that describe state are filled in at scrape time by the
 * collectors features register (`onScrape`), so nothing is polled between scrapes.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  private readonly collectors: ScrapeCollector[] = [];

  readonly httpRequestDuration = new Histogram({
    name: 'parley_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status, and how long they took to answer',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly socketsConnected = new Gauge({
    name: 'parley_sockets_connected',
    help: 'Live socket.io connections on this node',
    registers: [this.registry],
  });
  readonly socketRooms = new Gauge({
    name: 'parley_socket_rooms',
    help: "Rooms with members on this node (threads, users, moderation), not counting each socket's own",
    registers: [this.registry],
  });
  readonly socketEventsEmitted = new Counter({
    name: 'parley_socket_events_emitted_total',
    help: 'Live events this node broadcast, by event name (each counted once, however many sockets got it)',
    labelNames: ['event'] as const,
    registers: [this.registry],
  });
  readonly domainEvents = new Counter({
    name: 'parley_domain_events_total',
    help: 'Domain events raised after commit, by name',
    labelNames: ['event'] as const,
    registers: [this.registry],
  });
  readonly commentPosts = new Counter({
    name: 'parley_comment_posts_total',
    help: 'Comments stored, by where they went (published, approved, pending review, rejected)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly moderationQueueSize = new Gauge({
    name: 'parley_moderation_queue_size',
    help: 'Comments waiting in each moderation queue, site-wide',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });
  readonly outboxPending = new Gauge({
    name: 'parley_outbox_pending_jobs',
    help: 'Outbox rows waiting to run or to be retried',
    registers: [this.registry],
  });
  readonly outboxOldestAge = new Gauge({
    name: 'parley_outbox_oldest_pending_age_seconds',
    help: 'Age of the oldest outbox row still waiting (0 when none)',
    registers: [this.registry],
  });
  readonly outboxFailed = new Gauge({
    name: 'parley_outbox_failed_jobs',
    help: 'Outbox rows parked as failed (retried only by an admin)',
    registers: [this.registry],
  });
  readonly outboxRuns = new Counter({
    name: 'parley_outbox_runs_total',
    help: 'Outbox jobs run on this node (webhook deliveries, mail), by kind and outcome (done, retry, failed)',
    labelNames: ['kind', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly mailDeliveries = new Counter({
    name: 'parley_mail_deliveries_total',
    help: 'Emails this node tried to send, by outcome (sent, failed, capped: over PARLEY_MAIL_PER_RECIPIENT_PER_DAY)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly moderationHookCalls = new Counter({
    name: 'parley_moderation_hook_calls_total',
    help: 'Calls to the external moderation hook by outcome (publish, hold, reject, no_opinion; timeout, error, bad_status, malformed, refused: failed open; skipped: breaker open, not called)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly moderationHookDuration = new Histogram({
    name: 'parley_moderation_hook_duration_seconds',
    help: 'How long a post or edit waited for the external moderation hook, by outcome (calls the breaker skipped are not timed)',
    labelNames: ['outcome'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2],
    registers: [this.registry],
  });
  readonly toxicityScores = new Counter({
    name: 'parley_toxicity_scores_total',
    help: 'Requests for a local toxicity score by outcome (scored; misses, the comment went on unscored: timeout, queue_full, error)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly toxicityScoreDuration = new Histogram({
    name: 'parley_toxicity_score_duration_seconds',
    help: 'How long a post waited for its toxicity score, by outcome',
    labelNames: ['outcome'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1],
    registers: [this.registry],
  });
  readonly dependencyUp = new Gauge({
    name: 'parley_dependency_up',
    help: 'Whether this node reaches a dependency (1) or not (0), by name (postgres, redis)',
    labelNames: ['dependency'] as const,
    registers: [this.registry],
  });
  readonly databasePoolConnections = new Gauge({
    name: 'parley_db_pool_connections',
    help: 'Postgres pool connections by state (open, idle, waiting for one); none on the embedded engine',
    labelNames: ['state'] as const,
    registers: [this.registry],
  });
  readonly databasePoolMax = new Gauge({
    name: 'parley_db_pool_max_connections',
    help: 'DATABASE_POOL_SIZE: the most connections this node opens (0 on the embedded engine)',
    registers: [this.registry],
  });

  constructor() {
    // process_* and nodejs_*: CPU, memory, heap, event-loop lag, GC, handles (prom-client's names).
    collectDefaultMetrics({ register: this.registry });
  }

  /** Runs `collector` before every scrape; a failing one leaves its gauges as they were. */
  onScrape(collector: ScrapeCollector): void {
    this.collectors.push(collector);
  }

  /** The Prometheus text of every metric, after the scrape-time collectors ran. */
  async scrape(): Promise<string> {
    await Promise.allSettled(this.collectors.map(async (collector) => collector()));
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
