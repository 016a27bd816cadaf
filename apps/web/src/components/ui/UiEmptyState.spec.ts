import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import UiEmptyState from './UiEmptyState.vue';

describe(UiEmptyState.name ?? 'UiEmptyState', () => {
  it('says what is missing, what would fill it, and offers the action that does', () => {
    const sut = mount(UiEmptyState, {
      props: { title: 'No webhooks yet', text: 'Add one to hear about new comments.' },
      slots: { default: '<button type="button">New webhook</button>' },
    });

    expect(sut.get('.empty-title').text()).toBe('No webhooks yet');
    expect(sut.get('.empty-text').text()).toBe('Add one to hear about new comments.');
    expect(sut.get('.empty-action button').text()).toBe('New webhook');
  });

  it('shows only the title when there is nothing more to say', () => {
    const sut = mount(UiEmptyState, { props: { title: 'No comments match.' } });

    expect(sut.text()).toBe('No comments match.');
    expect(sut.find('.empty-action').exists()).toBe(false);
  });
});
