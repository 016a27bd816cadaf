import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { defineComponent, h, ref } from 'vue';
import UiSelectField from './UiSelectField.vue';

const options = () => [
  h('option', { value: 'newest' }, 'Newest'),
  h('option', { value: 'score' }, 'Highest score'),
];

describe(UiSelectField.name ?? 'UiSelectField', () => {
  it('names each select by its own label, the options from the slot', () => {
    const sut = mount(
      defineComponent(
        () => () =>
          h('div', [
            h(UiSelectField, { label: 'Story', modelValue: '' }, () => [
              h('option', { value: '' }, 'All stories'),
            ]),
            h(UiSelectField, { label: 'Order', modelValue: 'score' }, options),
          ]),
      ),
    );

    const [story, order] = sut.findAll('label');
    const selects = sut.findAll('select');
    expect([story!.text(), order!.text()]).toEqual(['Story', 'Order']);
    expect(story!.attributes('for')).toBe(selects[0]!.attributes('id'));
    expect(order!.attributes('for')).toBe(selects[1]!.attributes('id'));
    expect(selects[0]!.attributes('id')).not.toBe(selects[1]!.attributes('id'));
    expect(selects[1]!.findAll('option').map((option) => option.text())).toEqual(['Newest', 'Highest score']);
    expect((selects[1]!.element as HTMLSelectElement).value).toBe('score');
  });

  it('updates its v-model, then says change with the choice, so a handler reads the new value', async () => {
    const seen: string[] = [];
    const sut = mount(
      defineComponent(() => {
        const sort = ref('newest');
        return () =>
          h(
            UiSelectField,
            {
              label: 'Order',
              modelValue: sort.value,
              'onUpdate:modelValue': (value: string) => (sort.value = value),
              onChange: () => seen.push(sort.value),
            },
            options,
          );
      }),
    );

    await sut.get('select').setValue('score');

    expect(seen).toEqual(['score']);
  });

  it('keeps the label beside its select when inline, above it otherwise', () => {
    const inline = mount(UiSelectField, { props: { label: 'Order', modelValue: '', inline: true } });
    const stacked = mount(UiSelectField, { props: { label: 'Order', modelValue: '' } });

    expect(inline.classes()).toEqual(['select-inline']);
    expect(stacked.classes()).toEqual(['field']);
  });
});
