import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { defineComponent, h, ref } from 'vue';
import UiSelectField from './UiSelectField.vue';

const ORDER = [
  { value: 'newest', label: 'Newest' },
  { value: 'score', label: 'Highest score' },
];

describe(UiSelectField.name ?? 'UiSelectField', () => {
  it('names each select by its own label, with the options given', () => {
    const sut = mount(
      defineComponent(
        () => () =>
          h('div', [
            h(UiSelectField, {
              label: 'Story',
              options: [{ value: '', label: 'All stories' }],
              modelValue: '',
            }),
            h(UiSelectField, { label: 'Order', options: ORDER, modelValue: 'score' }),
          ]),
      ),
    );

    const [story, order] = sut.findAll('label');
    const selects = sut.findAll('select');
    expect([story!.text(), order!.text()]).toEqual(['Story', 'Order']);
    expect(story!.attributes('for')).toBe(selects[0]!.attributes('id'));
    expect(order!.attributes('for')).toBe(selects[1]!.attributes('id'));
    expect(selects[0]!.attributes('id')).not.toBe(selects[1]!.attributes('id'));
    expect(
      selects[1]!.findAll('option').map((option) => [option.attributes('value'), option.text()]),
    ).toEqual([
      ['newest', 'Newest'],
      ['score', 'Highest score'],
    ]);
    expect((selects[1]!.element as HTMLSelectElement).value).toBe('score');
  });

  it('updates its v-model, then says change with the choice, so a handler reads the new value', async () => {
    const seen: string[] = [];
    const sut = mount(
      defineComponent(() => {
        const sort = ref('newest');
        return () =>
          h(UiSelectField, {
            label: 'Order',
            options: ORDER,
            modelValue: sort.value,
            'onUpdate:modelValue': (value: string) => (sort.value = value),
            onChange: () => seen.push(sort.value),
          });
      }),
    );

    await sut.get('select').setValue('score');

    expect(seen).toEqual(['score']);
  });

  it('keeps the label beside its select when inline, above it otherwise', () => {
    const inline = mount(UiSelectField, {
      props: { label: 'Order', options: ORDER, modelValue: '', inline: true },
    });
    const stacked = mount(UiSelectField, { props: { label: 'Order', options: ORDER, modelValue: '' } });

    expect(inline.classes()).toEqual(['select-inline']);
    expect(stacked.classes()).toEqual(['field']);
  });
});
