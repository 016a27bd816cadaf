import { BULK_DECISION_MAX } from '@parley/shared/values';
import { describe, expect, it } from 'vitest';
import { nextTick, ref } from 'vue';
import { useBulkSelection } from './useBulkSelection.js';

const IDS = ['a', 'b', 'c', 'd', 'e'];

describe(useBulkSelection.name, () => {
  it('toggles one card at a time', () => {
    const sut = useBulkSelection(IDS);

    sut.toggle('b');
    sut.toggle('d');
    sut.toggle('b');

    expect(sut.ordered.value).toEqual(['d']);
    expect(sut.count.value).toBe(1);
  });

  it('selects the range between the last card clicked and a shift-clicked one, in list order', () => {
    const sut = useBulkSelection(IDS);

    sut.toggle('d');
    sut.toggle('b', { range: true });

    expect(sut.ordered.value).toEqual(['b', 'c', 'd']);
  });

  it('unselects a range when the shift-clicked card was selected', () => {
    const sut = useBulkSelection(IDS);
    sut.toggle('a');
    sut.toggle('e', { range: true });

    sut.toggle('b');
    sut.toggle('d', { range: true });

    expect(sut.ordered.value).toEqual(['a', 'e']);
  });

  it('treats a shift-click with no earlier click as a plain toggle', () => {
    const sut = useBulkSelection(IDS);
    sut.toggle('c', { range: true });
    expect(sut.ordered.value).toEqual(['c']);
  });

  it('drops cards that leave the list', async () => {
    const ids = ref([...IDS]);
    const sut = useBulkSelection(ids);
    sut.toggle('a');
    sut.toggle('c', { range: true });

    ids.value = ['a', 'd', 'e'];
    await nextTick();

    expect(sut.ordered.value).toEqual(['a']);
  });

  it(`holds at most ${BULK_DECISION_MAX} cards`, () => {
    const many = Array.from({ length: BULK_DECISION_MAX + 20 }, (_, index) => `id${index}`);
    const sut = useBulkSelection(many);

    sut.toggle(many[0]!);
    sut.toggle(many.at(-1)!, { range: true });

    expect(sut.count.value).toBe(BULK_DECISION_MAX);
  });

  it('clears', () => {
    const sut = useBulkSelection(IDS);
    sut.toggle('a');
    sut.clear();
    sut.toggle('c', { range: true });
    expect(sut.ordered.value).toEqual(['c']);
  });
});
