import type { QueueItem, RejectReason } from '@parley/shared';
import { computed, ref, toValue, type MaybeRefOrGetter } from 'vue';
import { ApiError } from '../api/http.js';
import type { Decision } from '../api/moderation.js';
import { useLocalization, type Translate } from '../i18n/localization.js';
import { useModerationStore } from '../stores/moderation.js';
import { useAsyncAction } from './useAsyncAction.js';

/**
 * The decisions a moderator can make on one queue card (approve, reject with a reason, feature),
 * what the comment's state allows, and the offer to override when another moderator decided first.
 * `decided` receives a sentence saying what was done, for the page's live region.
 */
export function useModerationDecision(item: MaybeRefOrGetter<QueueItem>, decided: (message: string) => void) {
  const moderation = useModerationStore();
  const { t } = useLocalization();
  const { busy, error, run } = useAsyncAction();
  const rejecting = ref(false);
  /** A decision refused because another moderator decided first: offered again with `override`. */
  const overridable = ref<Decision | null>(null);

  const comment = computed(() => toValue(item).comment);
  const reportCount = computed(() => Math.max(toValue(item).openReportCount, toValue(item).reports.length));
  const canApprove = computed(
    () =>
      comment.value.status !== 'deleted' && (comment.value.status !== 'approved' || reportCount.value > 0),
  );
  const canReject = computed(() => comment.value.status !== 'deleted' && comment.value.status !== 'rejected');
  const canFeature = computed(
    () => comment.value.status !== 'deleted' && comment.value.status !== 'rejected',
  );

  async function decide(decision: Decision): Promise<void> {
    if (busy.value) return;
    overridable.value = null;
    const author = toValue(item).author;
    const name = author.displayName || author.username;
    const result = await run(() => moderation.decide(comment.value.id, decision));
    if (result.status === 'done') {
      rejecting.value = false;
      decided(describe(t, decision, name));
    } else if (
      result.status === 'failed' &&
      result.error instanceof ApiError &&
      result.error.code === 'moderation/already_decided' &&
      (decision.kind === 'approve' || decision.kind === 'reject')
    ) {
      overridable.value = { ...decision, override: true };
    }
  }

  return {
    busy,
    error,
    rejecting,
    overridable,
    reportCount,
    canApprove,
    canReject,
    canFeature,
    approve: () => void (canApprove.value && decide({ kind: 'approve' })),
    /** Opens the choice of reason; the rejection itself waits for `confirmReject`. */
    startReject: () => {
      if (!canReject.value) return;
      error.value = null;
      rejecting.value = true;
    },
    confirmReject: (reason: RejectReason) => void decide({ kind: 'reject', reason }),
    toggleFeature: () =>
      void (canFeature.value && decide({ kind: comment.value.featured ? 'unfeature' : 'feature' })),
    override: () => void (overridable.value && decide(overridable.value)),
  };
}

export type ModerationDecision = ReturnType<typeof useModerationDecision>;

function describe(t: Translate, decision: Decision, name: string): string {
  switch (decision.kind) {
    case 'approve':
      return t('moderate.decided.approve', { name });
    case 'reject':
      return t('moderate.decided.reject', { name, reason: t(`moderate.reasons.${decision.reason}`) });
    case 'feature':
      return t('moderate.decided.feature', { name });
    case 'unfeature':
      return t('moderate.decided.unfeature', { name });
  }
}
