import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { defineComponent } from 'vue';
import { ApiError } from '../api/http.js';
import { useSettingsForm } from './useSettingsForm.js';

type Form = ReturnType<typeof useSettingsForm<number>>;

/** Runs the composable inside a component, so its onMounted load happens as on a page. */
function mountForm(options: Parameters<typeof useSettingsForm<number>>[0]): Form {
  let form!: Form;
  mount(
    defineComponent({
      setup() {
        form = useSettingsForm(options);
        return () => null;
      },
    }),
  );
  return form;
}

describe(useSettingsForm.name, () => {
  it('loads on mount, then saves and says so, showing what the server holds each time', async () => {
    const show = vi.fn();
    const sut = mountForm({
      load: () => Promise.resolve(1),
      save: () => Promise.resolve(2),
      show,
      savedText: (value) => `Saved ${value}.`,
    });
    expect(sut.loading.value).toBe(true);
    await flushPromises();
    expect(sut.loading.value).toBe(false);
    expect(show).toHaveBeenLastCalledWith(1);

    const saving = sut.submit();
    expect(sut.saving.value).toBe(true);
    await saving;
    expect(show).toHaveBeenLastCalledWith(2);
    expect(sut.saved.value).toBe('Saved 2.');
    expect(sut.saving.value).toBe(false);
  });

  it("shows a refused save's message and no outcome", async () => {
    const sut = mountForm({
      load: () => Promise.resolve(1),
      save: () => Promise.reject(new ApiError('request/invalid', 'Thresholds run from 0 to 1.', 400)),
      show: () => undefined,
      savedText: () => 'Saved.',
    });
    await flushPromises();
    await sut.submit();
    expect(sut.error.value).toBe('Thresholds run from 0 to 1.');
    expect(sut.saved.value).toBeNull();
  });

  it("puts a refusal's field messages in `fields` rather than the alert, and clears them on the next save", async () => {
    const refusal = new ApiError(
      'request/invalid',
      'Invalid thresholds. hold: Use a number from 0 to 1.',
      400,
      {
        hold: 'Use a number from 0 to 1.',
      },
    );
    const save = vi.fn<() => Promise<number>>().mockRejectedValueOnce(refusal).mockResolvedValueOnce(3);
    const sut = mountForm({
      load: () => Promise.resolve(1),
      save,
      show: () => undefined,
      savedText: () => 'Saved.',
      fieldErrors: (caught) => (caught instanceof ApiError ? (caught.fields ?? {}) : {}),
    });
    await flushPromises();

    await sut.submit();
    expect(sut.fields.value).toEqual({ hold: 'Use a number from 0 to 1.' });
    expect(sut.error.value).toBeNull();

    await sut.submit();
    expect(sut.fields.value).toEqual({});
    expect(sut.saved.value).toBe('Saved.');
  });
});
