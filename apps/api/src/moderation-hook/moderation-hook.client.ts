import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import {
  moderationHookAnswerSchema,
  type ModerationHookAnswer,
  type ModerationHookRequest,
} from '@parley/shared';
import { CONFIG, type Config } from '../config/config.js';
import type { ModerationHookConfig } from '../config/moderation-hook-config.js';
import { Metrics } from '../metrics/metrics.js';
import { postForAnswer } from '../webhooks/webhook-post.js';
import { signatureHeader } from '../webhooks/webhook-signature.js';
import { checkTarget, WebhookTargetRefused } from '../webhooks/webhook-targets.js';
import { ConsecutiveFailureBreaker, isShortCircuit } from './moderation-hook-breaker.js';

/** A longer answer is not an answer: the contract's JSON is a few hundred bytes. */
const MAX_ANSWER_BYTES = 64 * 1024;

/** How a call ended, as counted in `parley_moderation_hook_calls_total{outcome}`. */
export type HookOutcome =
  | 'publish'
  | 'hold'
  | 'reject'
  /** 204: the hook has no opinion. */
  | 'no_opinion'
  /** No answer within the budget. */
  | 'timeout'
  /** No connection, a reset, a name that does not resolve. */
  | 'error'
  /** An answer other than 200 or 204 (redirects are not followed). */
  | 'bad_status'
  /** A 200 whose body is not the contract's JSON. */
  | 'malformed'
  /** The URL is a private address and PARLEY_WEBHOOK_ALLOW_PRIVATE is not set. */
  | 'refused'
  /** The breaker is open: no call was made. */
  | 'skipped';

/** A failed call: fails open, counts toward the breaker. */
class HookFailure extends Error {
  constructor(
    readonly outcome: Exclude<HookOutcome, 'publish' | 'hold' | 'reject' | 'no_opinion' | 'skipped'>,
  ) {
    super(outcome);
  }
}

/**
 * Asks the external moderation hook (PARLEY_MODERATION_HOOK_URL) about one comment, within the
 * budget: POSTs the request signed as webhook deliveries are (`X-Parley-Signature`), to an address
 * checked by the webhooks' private-address rule (PARLEY_WEBHOOK_ALLOW_PRIVATE) and pinned for the
 * connection. Every failure fails open — null, no opinion — and is counted and logged (ids and the
 * outcome, never the text). A breaker stops calling after repeated failures (see the README).
 */
@Injectable()
export class ModerationHookClient implements OnModuleDestroy {
  private readonly logger = new Logger('ModerationHook');
  private readonly hook: ModerationHookConfig | undefined;
  private readonly allowPrivate: boolean;
  private readonly breaker:
    ConsecutiveFailureBreaker<[ModerationHookRequest], ModerationHookAnswer | null> | undefined;

  constructor(
    @Inject(CONFIG) config: Config,
    private readonly metrics: Metrics,
  ) {
    this.hook = config.moderationHook;
    this.allowPrivate = config.webhookAllowPrivate;
    if (this.hook) {
      this.breaker = new ConsecutiveFailureBreaker(
        (request: ModerationHookRequest) => this.call(this.hook!, request),
        { failures: this.hook.breakerFailures, cooldownMs: this.hook.breakerCooldownMs },
        (state) => {
          if (state === 'open') {
            this.logger.warn(
              `moderation hook failed ${this.hook!.breakerFailures} times in a row: not called for ${this.hook!.breakerCooldownMs} ms`,
            );
          } else {
            this.logger.log(`moderation hook breaker ${state}`);
          }
        },
      );
    }
  }

  /** Whether a hook is configured; without one `ask` is never called and nothing changes. */
  get enabled(): boolean {
    return this.hook !== undefined;
  }

  /** The hook's answer, or null for no opinion (a 204, any failure, an open breaker, no hook). Never throws. */
  async ask(request: ModerationHookRequest): Promise<ModerationHookAnswer | null> {
    if (!this.breaker) return null;
    const started = performance.now();
    let outcome: HookOutcome;
    let answer: ModerationHookAnswer | null = null;
    try {
      answer = await this.breaker.fire(request);
      outcome = answer ? answer.action : 'no_opinion';
    } catch (failure) {
      outcome = isShortCircuit(failure)
        ? 'skipped'
        : failure instanceof HookFailure
          ? failure.outcome
          : 'error';
    }
    const seconds = (performance.now() - started) / 1000;
    this.metrics.moderationHookCalls.inc({ outcome });
    if (outcome !== 'skipped') this.metrics.moderationHookDuration.observe({ outcome }, seconds);
    if (answer === null && outcome !== 'no_opinion' && outcome !== 'skipped') {
      this.logger.warn(
        `moderation hook gave no answer for comment ${request.comment.id} (${request.event}): ${outcome} after ${Math.round(seconds * 1000)} ms; it goes on without one`,
      );
    }
    return answer;
  }

  private async call(
    hook: ModerationHookConfig,
    request: ModerationHookRequest,
  ): Promise<ModerationHookAnswer | null> {
    const body = JSON.stringify(request);
    const unixSeconds = Math.floor(Date.now() / 1000);
    // The budget holds whatever the socket does: at its end the request is aborted and the race lost.
    const controller = new AbortController();
    const signal = controller.signal;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        reject(new HookFailure('timeout'));
        controller.abort();
      }, hook.budgetMs);
    });
    const attempt = async () => {
      // Checked at every call, as webhooks are: a name can be pointed elsewhere since boot.
      const target = await checkTarget(hook.url, this.allowPrivate);
      return postForAnswer(
        hook.url,
        target,
        {
          'content-type': 'application/json',
          accept: 'application/json',
          'user-agent': 'Parley-Moderation-Hook/1',
          'x-parley-event': request.event,
          'x-parley-signature': signatureHeader(hook.secret, body, unixSeconds),
        },
        body,
        signal,
        MAX_ANSWER_BYTES,
      );
    };
    let answer: Awaited<ReturnType<typeof attempt>>;
    try {
      answer = await Promise.race([attempt(), deadline]);
    } catch (failure) {
      if (failure instanceof HookFailure) throw failure;
      if (failure instanceof WebhookTargetRefused) {
        this.logger.warn(`moderation hook not called: ${failure.message}`);
        throw new HookFailure('refused');
      }
      if (signal.aborted) throw new HookFailure('timeout');
      throw new HookFailure('error');
    } finally {
      clearTimeout(timer);
    }
    if (answer.status === 204) return null;
    if (answer.status !== 200) throw new HookFailure('bad_status');
    if (answer.tooLong) throw new HookFailure('malformed');
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer.body);
    } catch {
      throw new HookFailure('malformed');
    }
    const checked = moderationHookAnswerSchema.safeParse(parsed);
    if (!checked.success) throw new HookFailure('malformed');
    return checked.data;
  }

  onModuleDestroy(): void {
    this.breaker?.shutdown();
  }
}
