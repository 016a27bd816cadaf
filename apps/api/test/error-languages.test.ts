import { ERRORS, FIELD_MESSAGES, WEBHOOK_EVENTS, type ApiErrorBody, type MyDataExport } from '@parley/shared';
import { expect, it } from 'vitest';
import { loginAdmin, registerUser } from './support/factories.js';
import { ApiClient, errorOf, type Me } from './support/http.js';
import { connectSocket, joinStory } from './support/sockets.js';
import { appSuite } from './support/suite.js';

/**
 * Issue 22 items 1–2: the reader's saved language, and error answers in the language the page asks
 * for (Accept-Language over HTTP, the handshake's `auth.locale` or Accept-Language on the socket).
 */
appSuite('error languages', { closeSocketsAfterEach: true }, (testApp) => {
  const badSignIn = (headers: Record<string, string> = {}) =>
    new ApiClient(testApp.baseUrl).post(
      '/api/auth/login',
      { username: 'nobody-here', password: 'x' },
      { headers },
    );

  it('answers in English when no language is asked for, and in Russian when it is', async () => {
    expect(errorOf(await badSignIn()).message).toBe(ERRORS['auth/invalid_credentials'].message);
    const russian = errorOf(await badSignIn({ 'accept-language': 'ru' }));
    expect(russian.code).toBe('auth/invalid_credentials');
    expect(russian.message).toBe('Неверное имя пользователя или пароль.');
  });

  it('takes the first language Parley speaks, by q-value', async () => {
    const german = errorOf(await badSignIn({ 'accept-language': 'pt-BR, it;q=0.9, de-AT;q=0.5, en;q=0.1' }));
    expect(german.message).toBe('Benutzername oder Passwort ist falsch.');
    const unknown = errorOf(await badSignIn({ 'accept-language': 'pt-BR' }));
    expect(unknown.message).toBe(ERRORS['auth/invalid_credentials'].message);
  });

  it('words field messages in Russian, parameters included', async () => {
    const response = await new ApiClient(testApp.baseUrl).post(
      '/api/auth/register',
      { username: 'a b', password: 'short', email: 'not-an-address' },
      { headers: { 'accept-language': 'ru-RU,ru;q=0.9,en;q=0.8' } },
    );
    const body = errorOf(response);
    expect(body.code).toBe('request/invalid');
    expect(body.fields).toEqual({
      username: 'Используйте от 3 до 32 латинских букв, цифр, точек, дефисов или подчёркиваний.',
      password: 'Не меньше 8 символов.',
      email: 'Введите адрес почты вида name@example.org.',
    });
    expect(body.message).toContain('Запрос составлен неверно.');
    expect(body.message).toContain('password: Не меньше 8 символов.');
  });

  it('words a story’s and a webhook’s field errors in Russian, each on its own field', async () => {
    const admin = await loginAdmin(testApp);
    const russian = { headers: { 'accept-language': 'ru' } };

    const story = errorOf(
      await admin.post(
        '/api/moderation/stories',
        { title: '   ', url: 'ftp://news.example.org/a', slug: 'Not A Slug' },
        russian,
      ),
    );
    expect(story.code).toBe('request/invalid');
    expect(story.fields).toEqual({
      title: 'Это поле не может быть пустым.',
      url: 'Укажите полный адрес страницы, начинающийся с http:// или https://, без имени пользователя и пароля.',
      slug: 'Используйте строчные латинские буквы и цифры, а слова разделяйте дефисом (например, my-first-story).',
    });
    expect(story.message).toContain('title: Это поле не может быть пустым.');

    const webhook = errorOf(
      await admin.post(
        '/api/moderation/webhooks',
        { url: 'https://hooks.example.org/parley', events: [], secret: 'too short' },
        russian,
      ),
    );
    expect(webhook.fields).toEqual({
      events: 'Выберите хотя бы одно событие.',
      secret: 'Используйте от 16 до 200 печатных символов без пробелов.',
    });
    const english = errorOf(await admin.post('/api/moderation/webhooks', { url: 'hooks', events: ['x'] }));
    expect(english.fields).toEqual({
      url: FIELD_MESSAGES.notUrl,
      'events.0': FIELD_MESSAGES.oneOf(WEBHOOK_EVENTS),
    });
  });

  it('keeps a saved language on the account, offers it in me and in the data export', async () => {
    const reader = await registerUser(testApp);
    expect(reader.me.locale).toBeNull();

    const saved = await reader.client.patch<Me>('/api/auth/me', { locale: 'sr-Cyrl' });
    expect(saved.status).toBe(200);
    expect(saved.body.locale).toBe('sr-Cyrl');
    expect((await reader.client.get<{ user: Me }>('/api/auth/me')).body.user.locale).toBe('sr-Cyrl');
    expect((await reader.client.get<MyDataExport>('/api/me/export')).body.account.locale).toBe('sr-Cyrl');

    const refused = await reader.client.patch('/api/auth/me', { locale: 'pt' });
    expect(refused.status).toBe(400);
    expect(errorOf(refused).fields?.locale).toMatch(/^Choose one of: en, ru, /);

    const cleared = await reader.client.patch<Me>('/api/auth/me', { locale: null });
    expect(cleared.body.locale).toBeNull();
    expect(errorOf(await reader.client.patch('/api/auth/me', {})).fields).toEqual({
      request: FIELD_MESSAGES.nothingToChange,
    });
  });

  it("answers a socket event's failed ack in the handshake's language", async () => {
    const byAuth = await connectSocket(testApp.baseUrl, { auth: { locale: 'ru' } });
    const missing = await joinStory(byAuth, { slug: 'no-such-story-for-languages' });
    expect(missing.ok).toBe(false);
    expect((missing as { error: ApiErrorBody }).error).toMatchObject({
      code: 'story/not_found',
      message: 'Такой статьи нет.',
    });
    const invalid = await joinStory(byAuth, {});
    expect((invalid as { error: ApiErrorBody }).error).toMatchObject({
      code: 'request/invalid',
      fields: { slug: 'Заполните это поле.' },
    });

    const byHeader = await connectSocket(testApp.baseUrl, { headers: { 'accept-language': 'uk' } });
    const ukrainian = await joinStory(byHeader, { slug: 'no-such-story-for-languages' });
    expect((ukrainian as { error: ApiErrorBody }).error.message).toBe('Такої статті немає.');

    const english = await connectSocket(testApp.baseUrl);
    const plain = await joinStory(english, { slug: 'no-such-story-for-languages' });
    expect((plain as { error: ApiErrorBody }).error.message).toBe(ERRORS['story/not_found'].message);
  });
});
