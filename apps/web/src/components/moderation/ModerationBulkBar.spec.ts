import { createTestingPinia } from '@pinia/testing';
import { flushPromises, mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/http.js';
import { useModerationStore } from '../../stores/moderation.js';
import ModerationBulkBar from './ModerationBulkBar.vue';

vi.mock('../../api/moderation.js', async (original) => ({
  ...(await original<object>()),
  moderationApi: {},
}));

const IDS = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'];

function setup() {
  createTestingPinia({ createSpy: vi.fn });
  const moderation = useModerationStore();
  const sut = mount(ModerationBulkBar, { props: { ids: IDS } });
  const button = (text: string) => sut.findAll('button').find((candidate) => candidate.text() === text)!;
  return { sut, moderation, button };
}

describe('ModerationBulkBar', () => {
  beforeEach(() => vi.clearAllMocks());

  it('rejects every selected comment with the one reason chosen, and says what happened', async () => {
    const { sut, moderation, button } = setup();
    vi.mocked(moderation.decideMany).mockResolvedValue({
      results: [
        {
          id: IDS[0]!,
          outcome: 'decided',
          comment: null,
          queues: ['rejected'],
          decidedBy: null,
          message: null,
        },
        {
          id: IDS[1]!,
          outcome: 'already_decided',
          comment: null,
          queues: ['approved'],
          decidedBy: 'maria',
          message: 'maria already approved this comment.',
        },
      ],
    });
    expect(sut.text()).toContain('2 selected');

    await sut.get('select').setValue('spam');
    await button('Reject all').trigger('click');
    await flushPromises();

    expect(moderation.decideMany).toHaveBeenCalledWith({ action: 'reject', ids: IDS, reason: 'spam' });
    expect(sut.emitted('done')).toEqual([
      ['Rejected 1 comment. 1 comment already decided by @maria, left as it was.'],
    ]);
  });

  it('approves and features without a reason', async () => {
    const { moderation, button } = setup();
    vi.mocked(moderation.decideMany).mockResolvedValue({ results: [] });

    await button('Approve all').trigger('click');
    await flushPromises();
    await button('Feature all').trigger('click');
    await flushPromises();

    expect(vi.mocked(moderation.decideMany).mock.calls).toEqual([
      [{ action: 'approve', ids: IDS }],
      [{ action: 'feature', ids: IDS }],
    ]);
  });

  it('shows a refusal and lets the moderator clear the selection', async () => {
    const { sut, moderation, button } = setup();
    vi.mocked(moderation.decideMany).mockRejectedValue(
      new ApiError('request/invalid', 'Invalid bulk decision: ids: at most 100 comments at once', 400),
    );

    await button('Approve all').trigger('click');
    await flushPromises();
    await button('Clear selection').trigger('click');

    expect(sut.get('[role="alert"]').text()).toContain('at most 100 comments at once');
    expect(sut.emitted('done')).toBeUndefined();
    expect(sut.emitted('clear')).toHaveLength(1);
  });
});
