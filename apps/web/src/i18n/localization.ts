import {
  DEFAULT_LOCALE,
  createCompiledTranslator,
  localeDirection,
  type CompiledCatalogue,
  type Locale,
  type MessageValues,
  type Namespace,
} from '@parley/shared/i18n';
import { computed, inject, shallowRef, type App, type ComputedRef, type InjectionKey } from 'vue';
import { fetchCatalogue } from './catalogue-loader.js';

export type Translate = (key: string, values?: MessageValues) => string;

/**
 * The language of one app (the full page, or one embed element): its locale, its catalogues, and
 * formatters that follow it. Screens read `t` in templates and re-render when the language changes.
 */
export interface Localization {
  readonly locale: ComputedRef<Locale>;
  readonly dir: ComputedRef<'ltr' | 'rtl'>;
  readonly t: Translate;
  /** A number in the locale's digits and grouping ("1 234", "1,234"). */
  readonly n: (value: number, options?: Intl.NumberFormatOptions) => string;
  /** Switches language once its catalogues have arrived; falls back to English if they cannot. */
  setLocale(locale: Locale): Promise<void>;
  /** Adds namespaces (e.g. `moderate` on /moderate) to what is loaded, now and on every switch. */
  need(namespaces: readonly Namespace[]): Promise<void>;
  install(app: App): void;
}

const LOCALIZATION: InjectionKey<Localization> = Symbol('localization');

interface Loaded {
  locale: Locale;
  translate: Translate;
}

type Load = (locale: Locale, namespace: Namespace) => Promise<CompiledCatalogue>;

export function createLocalization(options: {
  baseUrl?: string;
  namespaces?: readonly Namespace[];
  /** Catalogues at hand (tests); otherwise they are fetched from the api at `baseUrl`. */
  load?: Load;
}): Localization {
  const load: Load =
    options.load ?? ((locale, namespace) => fetchCatalogue(options.baseUrl ?? '', locale, namespace));
  const needed = new Set<Namespace>(options.namespaces ?? ['reader', 'errors']);
  const loaded = shallowRef<Loaded>({ locale: DEFAULT_LOCALE, translate: (key) => key });
  let wanted: Locale = DEFAULT_LOCALE;

  async function loadLocale(locale: Locale): Promise<Loaded> {
    const catalogues = await Promise.all([...needed].map((namespace) => load(locale, namespace)));
    return { locale, translate: createCompiledTranslator(locale, catalogues) };
  }

  async function switchTo(locale: Locale): Promise<void> {
    wanted = locale;
    let next: Loaded;
    try {
      next = await loadLocale(locale);
    } catch {
      if (locale === DEFAULT_LOCALE) return;
      next = await loadLocale(DEFAULT_LOCALE).catch(() => loaded.value);
    }
    // A later switch won the race: keep its result.
    if (wanted === locale) loaded.value = next;
  }

  const numberFormats = new Map<string, Intl.NumberFormat>();
  const localization: Localization = {
    locale: computed(() => loaded.value.locale),
    dir: computed(() => localeDirection(loaded.value.locale)),
    t: (key, values) => loaded.value.translate(key, values),
    n: (value, formatOptions) => {
      const id = `${loaded.value.locale}|${JSON.stringify(formatOptions ?? {})}`;
      let format = numberFormats.get(id);
      if (!format)
        numberFormats.set(id, (format = new Intl.NumberFormat(loaded.value.locale, formatOptions)));
      return format.format(value);
    },
    setLocale: switchTo,
    async need(namespaces) {
      const missing = namespaces.filter((namespace) => !needed.has(namespace));
      if (missing.length === 0) return;
      for (const namespace of missing) needed.add(namespace);
      await switchTo(wanted);
    },
    install(app) {
      app.provide(LOCALIZATION, localization);
      app.config.globalProperties.$t = localization.t;
      app.config.globalProperties.$n = localization.n;
    },
  };
  return localization;
}

/** The localization of the app this component belongs to. */
export function useLocalization(): Localization {
  const localization = inject(LOCALIZATION);
  if (!localization) throw new Error('no localization installed: app.use(createLocalization(…))');
  return localization;
}

declare module 'vue' {
  interface ComponentCustomProperties {
    $t: Translate;
    $n: Localization['n'];
  }
}
