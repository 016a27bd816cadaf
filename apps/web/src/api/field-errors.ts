import { ApiError } from './http.js';

/** "use at least 8 characters" → "Use at least 8 characters.": a field message as a sentence beside its field. */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return trimmed;
  const capital = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** The message for one field of a failure (a catalogue sentence from the API), or null. */
export function fieldError(error: unknown, name: string): string | null {
  const text = error instanceof ApiError ? error.fields?.[name] : undefined;
  return text ? asSentence(text) : null;
}

/**
 * A form's view of a failure: each field's message (for the fields the form shows) to put beside
 * it, and a message for the form when nothing can go beside a field. A message about a part of a
 * field (`events.0`, one entry of a list) goes beside the field, unless the field has its own.
 */
export function formErrors<F extends string>(
  error: unknown,
  shown: readonly F[],
): { fields: Partial<Record<F, string>>; form: string | null } {
  const fields: Partial<Record<F, string>> = {};
  if (error instanceof ApiError && error.fields) {
    for (const [name, text] of Object.entries(error.fields)) {
      const field = (shown as readonly string[]).includes(name) ? name : name.split('.')[0]!;
      if (!(shown as readonly string[]).includes(field)) continue;
      if (field === name || fields[field as F] === undefined) fields[field as F] = asSentence(text);
    }
  }
  if (Object.keys(fields).length > 0) return { fields, form: null };
  return { fields, form: error instanceof Error ? error.message : String(error) };
}

/**
 * An input's `aria-invalid` and `aria-describedby` for the message below it (`UiFieldError` with
 * `errorId`), when it has one: `v-bind="fieldAria(errors.url, `${id}-url-error`)"`. A field with a
 * hint of its own passes the hint's id too, and is described by both (the hint alone while valid).
 */
export function fieldAria(
  message: string | null | undefined,
  errorId: string,
  hintId?: string,
): { 'aria-invalid'?: 'true'; 'aria-describedby'?: string } {
  if (message)
    return { 'aria-invalid': 'true', 'aria-describedby': hintId ? `${hintId} ${errorId}` : errorId };
  return hintId ? { 'aria-describedby': hintId } : {};
}
