/**
 * The words the search seed writes comments with, in the languages Parley's readers write:
 * English (the seed article's own words first, then a commenter's), Russian, and Serbian in both
 * scripts (the Latin list is the Cyrillic one transliterated, as Serbian readers switch scripts).
 * Each list is ordered from the most to the least used: the seed picks words with a skew toward the
 * front, so a few words are everywhere (as `и` and `the` are) and most are in a few percent of the
 * comments, which is what a moderator searches for. Pure: the SQL seed gets these as arrays.
 */

/** Letters, marks and digits: the word rule of Parley's search text (apps/api/src/search/search-text.ts). */
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

const RUSSIAN = `и в не на что это с как а но они по все так же от за его было уже только бы
  если мы вы когда тоже нет просто даже очень сейчас потом здесь там всегда почему
  Россия Сербия Запад Европа Москва Белград Вашингтон Брюссель Балканы Косово
  Лавров министр президент правительство санкции газ газопровод договор выборы война мир
  народ страна граница союз переговоры статья новости комментарий мнение правда ложь вопрос
  ответ решение политика экономика энергетика нефть цены рубль динар доллар евро рынок
  дипломатия посольство заявление конференция соглашение безопасность армия НАТО ООН
  история будущее выбор давление угроза помощь поддержка независимость суверенитет
  журналист редакция автор читатель модератор спасибо согласен абсолютно конечно наверное
  считаю думаю кажется понимаю вижу помню читал написал сказал говорят пишут обещали
  хорошо плохо странно смешно грустно опасно интересно важно нужно можно нельзя
  мост мостик плацдарм молодец братья православие церковь культура язык школа университет
  зима весна лето осень завтра вчера сегодня неделя месяц год век`;

const SERBIAN = `и у је да се на не за са што су као од то али све ми ви они још само већ
  Србија Русија Запад Европа Београд Москва Вашингтон Брисел Балкан Косово Војводина
  Лавров министар председник влада санкције гас гасовод споразум избори рат мир народ
  држава граница савез преговори чланак вести коментар мишљење истина лаж питање одговор
  одлука политика економија енергетика нафта цене динар рубља евро тржиште дипломатија
  амбасада изјава конференција безбедност војска неутралност историја будућност избор
  притисак претња помоћ подршка независност суверенитет новинар редакција аутор читалац
  хвала слажем наравно мислим чини разумем видим сећам читао написао рекао кажу обећали
  добро лоше чудно смешно тужно опасно занимљиво важно треба може мост браћа
  православље црква култура језик школа универзитет зима пролеће лето јесен сутра јуче
  данас недеља месец година век`;

const COMMENTER_ENGLISH = `I you we they it not but so just really think agree disagree
  people article news comment opinion truth lies question answer decision policy economy
  energy oil prices market diplomacy embassy statement security army neutrality history
  future choice pressure threat help support independence sovereignty journalist editor
  author reader moderator thanks exactly probably maybe obviously good bad strange funny
  sad dangerous interesting important bridge brothers church culture language school winter
  spring summer autumn tomorrow yesterday today week month year century`;

/** Serbian Cyrillic to Serbian Latin (Gaj's alphabet), letter by letter; other characters stay. */
const SERBIAN_LATIN: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  ђ: 'đ',
  е: 'e',
  ж: 'ž',
  з: 'z',
  и: 'i',
  ј: 'j',
  к: 'k',
  л: 'l',
  љ: 'lj',
  м: 'm',
  н: 'n',
  њ: 'nj',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  ћ: 'ć',
  у: 'u',
  ф: 'f',
  х: 'h',
  ц: 'c',
  ч: 'č',
  џ: 'dž',
  ш: 'š',
};

export function serbianToLatin(text: string): string {
  return [...text]
    .map((letter) => {
      const lower = letter.toLowerCase();
      const latin = SERBIAN_LATIN[lower];
      if (latin === undefined) return letter;
      // Capital digraphs at a word's start: Љубав -> Ljubav.
      return lower === letter ? latin : latin[0]!.toUpperCase() + latin.slice(1);
    })
    .join('');
}

export function wordsOf(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** Words in first-seen order, each once (compared in lower case, as Postgres folds them). */
function distinct(words: string[]): string[] {
  const seen = new Set<string>();
  return words.filter((word) => {
    const key = word.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The article's words, the most frequent first (ties in order of appearance). */
export function articleWords(paragraphs: string[]): string[] {
  const counts = new Map<string, number>();
  const order: string[] = [];
  for (const word of wordsOf(paragraphs.join(' ').toLowerCase())) {
    if (!counts.has(word)) order.push(word);
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return order
    .map((word, index) => ({ word, index, count: counts.get(word)! }))
    .sort((a, b) => b.count - a.count || a.index - b.index)
    .map((item) => item.word);
}

export interface SeedLanguage {
  code: 'en' | 'ru' | 'sr-Cyrl' | 'sr-Latn';
  /** Share of the seeded comments written in it. */
  share: number;
  /** Most used first. */
  words: string[];
}

/** The seed's languages: 40% English, 30% Russian, 20% Serbian Cyrillic, 10% Serbian Latin. */
export function seedLanguages(article: { paragraphs: string[] }): SeedLanguage[] {
  const serbian = distinct(wordsOf(SERBIAN));
  return [
    {
      code: 'en',
      share: 0.4,
      words: distinct([...articleWords(article.paragraphs), ...wordsOf(COMMENTER_ENGLISH)]),
    },
    { code: 'ru', share: 0.3, words: distinct(wordsOf(RUSSIAN)) },
    { code: 'sr-Cyrl', share: 0.2, words: serbian },
    { code: 'sr-Latn', share: 0.1, words: distinct(serbian.map(serbianToLatin)) },
  ];
}

/** Display names of the seeded authors: first names across the languages, combined with a surname. */
export const FIRST_NAMES = wordsOf(
  'Ана Марко Милица Никола Јелена Стефан Иван Ольга Дмитрий Наталья Сергей Анна Maria John Emma Luka Sara Petar',
);
export const SURNAMES = wordsOf(
  'Петровић Јовановић Николић Иванов Смирнова Кузнецов Popović Marković Smith Brown Đorđević Wagner',
);
