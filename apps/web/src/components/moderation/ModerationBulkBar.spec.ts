import type { BulkDecisionRequest } from '@parley/shared';
import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/http.js';
import ModerationBulkBar from './ModerationBulkBar.vue';

const IDS = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'];

function setup(decide = vi.fn<(request: BulkDecisionRequest) => Promise<void>>().mockResolvedValue()) {
  const sut = mount(ModerationBulkBar, { props: { ids: IDS, decide } });
  const button = (text: string) => sut.findAll('button').find((candidate) => candidate.text() === text)!;
  return { sut, decide, button };
}

describe('ModerationBulkBar', () => {
  it('rejects every selected comment with the one reason chosen', async () => {
    const { sut, decide, button } = setup();
    expect(sut.text()).toContain('2 selected');

    await sut.get('select').setValue('spam');
    await button('Reject all').trigger('click');
    await flushPromises();

    expect(decide).toHaveBeenCalledWith({ action: 'reject', ids: IDS, reason: 'spam' });
  });

  it('approves and features without a reason', async () => {
    const { decide, button } = setup();

    await button('Approve all').trigger('click');
    await flushPromises();
    await button('Feature all').trigger('click');
    await flushPromises();

    expect(decide.mock.calls).toEqual([[{ action: 'approve', ids: IDS }], [{ action: 'feature', ids: IDS }]]);
  });

  it('holds its buttons while a decision runs', async () => {
    let finish!: () => void;
    const { sut, decide, button } = setup(vi.fn(() => new Promise<void>((resolve) => (finish = resolve))));

    await button('Approve all').trigger('click');
    await button('Approve all').trigger('click');

    expect(decide).toHaveBeenCalledTimes(1);
    expect(button('Reject all').attributes('disabled')).toBeDefined();
    finish();
    await flushPromises();
    expect(sut.find('[aria-busy="true"]').exists()).toBe(false);
  });

  it('shows a refusal and lets the moderator clear the selection', async () => {
    const { sut, button } = setup(
      vi
        .fn()
        .mockRejectedValue(
          new ApiError('request/invalid', 'Invalid bulk decision: ids: at most 100 comments at once', 400),
        ),
    );

    await button('Approve all').trigger('click');
    await flushPromises();
    await button('Clear selection').trigger('click');

    expect(sut.get('[role="alert"]').text()).toContain('at most 100 comments at once');
    expect(sut.emitted('clear')).toHaveLength(1);
  });
});
