import { mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import UiDisclosure from './UiDisclosure.vue';

function render() {
  return mount(UiDisclosure, {
    attachTo: document.body,
    props: { label: 'New story' },
    slots: {
      default: `<template #default="{ close }">
        <input aria-label="Title" /><button type="button" class="cancel" @click="close">Cancel</button>
      </template>`,
    },
  });
}

describe(UiDisclosure.name ?? 'UiDisclosure', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('keeps the form closed until asked for, then focuses its first field', async () => {
    const sut = render();
    const toggle = sut.get('button');
    expect(toggle.attributes('aria-expanded')).toBe('false');
    expect(sut.find('input').exists()).toBe(false);

    await toggle.trigger('click');

    expect(toggle.attributes('aria-expanded')).toBe('true');
    const panel = sut.get('section');
    expect(panel.attributes('id')).toBe(toggle.attributes('aria-controls'));
    expect(panel.get('h3').text()).toBe('New story');
    expect(document.activeElement).toBe(sut.get('input').element);
    sut.unmount();
  });

  it('closes from the slot (Cancel) and gives focus back to its button', async () => {
    const sut = render();
    await sut.get('button').trigger('click');

    await sut.get('button.cancel').trigger('click');

    expect(sut.find('input').exists()).toBe(false);
    expect(sut.emitted('update:open')).toEqual([[true], [false]]);
    expect(document.activeElement).toBe(sut.get('button').element);
    sut.unmount();
  });
});
