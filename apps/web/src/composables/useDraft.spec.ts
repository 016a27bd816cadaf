import { beforeEach, describe, expect, it } from 'vitest';
import { nextTick, ref } from 'vue';
import { draftKey, readDraft, useDraft } from './useDraft.js';

describe(useDraft.name, () => {
  beforeEach(() => localStorage.clear());

  it('keeps the text and its clientId per article and parent until cleared', async () => {
    const key = ref(draftKey('an-article', null));
    const sut = useDraft(key);

    sut.body.value = 'half a thought';
    await nextTick();

    expect(readDraft(localStorage, 'parley:draft:an-article:top')).toEqual({
      body: 'half a thought',
      clientId: sut.clientId.value,
    });
    const again = useDraft(ref(draftKey('an-article', null)));
    expect(again.body.value).toBe('half a thought');
    expect(again.clientId.value).toBe(sut.clientId.value);
  });

  it('starts a new draft with a new clientId once the post is confirmed', async () => {
    const sut = useDraft(ref(draftKey('an-article', 'parent-1')));
    sut.body.value = 'posted';
    await nextTick();
    const first = sut.clientId.value;

    sut.clear();
    await nextTick();

    expect(sut.body.value).toBe('');
    expect(sut.clientId.value).not.toBe(first);
    expect(localStorage.getItem(draftKey('an-article', 'parent-1'))).toBeNull();
  });

  it('keeps the text under a new clientId when the server refused it for good', async () => {
    const sut = useDraft(ref(draftKey('an-article', null)));
    sut.body.value = 'rejected words';
    await nextTick();
    const first = sut.clientId.value;

    sut.renew();

    expect(sut.body.value).toBe('rejected words');
    expect(readDraft(localStorage, draftKey('an-article', null))?.clientId).toBe(sut.clientId.value);
    expect(sut.clientId.value).not.toBe(first);
  });

  it('ignores a corrupted stored draft', () => {
    localStorage.setItem(draftKey('x', null), '{not json');
    expect(useDraft(ref(draftKey('x', null))).body.value).toBe('');
  });
});
