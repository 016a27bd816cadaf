import { onMounted, ref, type Ref } from 'vue';
import { errorMessage } from '../api/http.js';

/**
 * A settings form's round trip: load on mount, save on submit, with the busy flags, the error shown
 * in an alert and the outcome read out in a status line. `show` puts what the server holds into the
 * fields, after loading and after saving (the server may have normalised it). With `fieldErrors`, a
 * refused save whose reasons name the form's fields puts them in `fields` (shown beside each field)
 * rather than in `error`.
 */
export function useSettingsForm<T>(options: {
  load: () => Promise<T>;
  save: () => Promise<T>;
  show: (value: T) => void;
  /** What the status line says once saved. */
  savedText: (value: T) => string;
  /** A refusal's message for each field the form shows (none: the refusal goes in `error`). */
  fieldErrors?: (caught: unknown) => Partial<Record<string, string>>;
}): {
  loading: Ref<boolean>;
  saving: Ref<boolean>;
  error: Ref<string | null>;
  saved: Ref<string | null>;
  fields: Ref<Partial<Record<string, string>>>;
  submit: () => Promise<void>;
} {
  const loading = ref(true);
  const saving = ref(false);
  const error = ref<string | null>(null);
  const saved = ref<string | null>(null);
  const fields = ref<Partial<Record<string, string>>>({});

  onMounted(async () => {
    try {
      options.show(await options.load());
    } catch (caught) {
      error.value = errorMessage(caught);
    } finally {
      loading.value = false;
    }
  });

  async function submit(): Promise<void> {
    saving.value = true;
    error.value = null;
    saved.value = null;
    fields.value = {};
    try {
      const value = await options.save();
      options.show(value);
      saved.value = options.savedText(value);
    } catch (caught) {
      const named = options.fieldErrors?.(caught) ?? {};
      if (Object.keys(named).length > 0) fields.value = named;
      else error.value = errorMessage(caught);
    } finally {
      saving.value = false;
    }
  }

  return { loading, saving, error, saved, fields, submit };
}
