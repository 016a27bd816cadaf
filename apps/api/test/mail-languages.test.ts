import type { DsaNotice, DsaNoticeReceipt, DsaStatementPage, Me } from '@parley/shared';
import PostalMime from 'postal-mime';
import { expect, it } from 'vitest';
import { createStory, postComment, registerUser, type TestUser } from './support/factories.js';
import { ApiClient } from './support/http.js';
import { mailSuite } from './support/mail-scene.js';
import { waitFor } from './support/wait.js';

/**
 * Issue 22 item 3: mail goes out in the recipient's saved language, else the site's
 * (PARLEY_DEFAULT_LOCALE, German here), through a real SMTP server and parsed as a mail client would.
 */
mailSuite('mail languages', { PARLEY_DEFAULT_LOCALE: 'de' }, (scene) => {
  /** The `index`th mail to an address, once it has come, parsed. */
  async function mailTo(email: string, index: number) {
    await waitFor(() => scene.smtp.to(email).length > index, `mail ${index + 1} to ${email}`);
    return PostalMime.parse(scene.smtp.to(email)[index]!.raw);
  }

  /** A reader in `locale` (null: never chose) with an address confirmed by the link mailed to it. */
  async function reader(locale: Me['locale']) {
    const user = await registerUser(scene.app);
    if (locale) expect((await user.client.patch<Me>('/api/auth/me', { locale })).body.locale).toBe(locale);
    const { email, verification } = await scene.confirmAddress(user);
    return { ...user, email, verification };
  }

  async function replyMailOf(author: TestUser & { email: string }) {
    const replier = await registerUser(scene.app, { displayName: 'Rhea' });
    const story = await createStory(scene.app.db, { title: 'Bridges' });
    const parent = await postComment(author.client, story.slug);
    await postComment(replier.client, story.slug, { parentId: parent.id });
    return mailTo(author.email, 1);
  }

  it('mails a Russian reader in Russian: the confirmation link and a reply', async () => {
    const russian = await reader('ru');
    expect(russian.verification.subject).toBe('Подтвердите адрес почты');
    expect(russian.verification.html).toContain('<html lang="ru" dir="ltr">');

    const reply = await replyMailOf(russian);
    expect(reply.subject).toBe('Rhea ответил(а) на ваш комментарий к «Bridges»');
    expect(reply.text).toContain('Открыть комментарий: http://parley.test/comments/');
    expect(reply.text).toContain('Вы получили это письмо из-за своих настроек уведомлений.');
    expect(reply.html).toContain('Отписаться от этих писем');
  });

  it("mails a reader who chose no language in the site's (PARLEY_DEFAULT_LOCALE)", async () => {
    const unset = await reader(null);
    expect(unset.verification.subject).toBe('Bestätigen Sie Ihre E-Mail-Adresse');

    const reply = await replyMailOf(unset);
    expect(reply.subject).toBe('Rhea hat auf Ihren Kommentar zu „Bridges“ geantwortet');
    expect(reply.text).toContain('Zum Kommentar: http://parley.test/comments/');
  });

  it('mails an Arabic reader right to left', async () => {
    const arabic = await reader('ar');
    expect(arabic.verification.subject).toBe('أكّد عنوان بريدك الإلكتروني');
    expect(arabic.verification.html).toContain('<html lang="ar" dir="rtl">');
  });

  it('mails the statement of reasons in the author’s language, the notifier’s mails in the one they filed in', async () => {
    const author = await reader('ru');
    const story = await createStory(scene.app.db, { title: 'Bridges' });
    const comment = await postComment(author.client, story.slug);
    const notifierEmail = `notifier-${author.username}@example.org`;
    const filed = await new ApiClient(scene.app.baseUrl).post<DsaNoticeReceipt>(
      '/api/dsa/notices',
      {
        commentId: comment.id,
        category: 'defamation',
        explanation: 'Il accuse mon voisin de vol, nommément.',
        name: 'Anne',
        email: notifierEmail,
        goodFaith: true,
      },
      { headers: { 'accept-language': 'fr-BE, fr;q=0.9, en;q=0.5' } },
    );
    expect(filed.status).toBe(201);
    const received = await mailTo(notifierEmail, 0);
    expect(received.subject).toBe('Nous avons reçu votre notification de contenu illicite');
    expect(received.text).toContain('Catégorie : Diffamation.');

    const decided = await scene.admin.post<DsaNotice>(
      `/api/moderation/dsa/notices/${filed.body.id}/decision`,
      {
        action: 'removed',
        facts: 'Обвиняет соседа в краже без оснований.',
        ground: 'Клевета: статья 185 Уголовного кодекса.',
        automated: false,
        // The form's default redress, as a moderator working in German sends it.
        redress:
          'Sie können innerhalb von sechs Monaten über den Link in dieser Nachricht Widerspruch gegen diese Entscheidung einlegen. Sie können sie auch einer zertifizierten außergerichtlichen Streitbeilegungsstelle vorlegen oder den Rechtsweg beschreiten.',
      },
    );
    expect(decided.status).toBe(200);

    const statement = await mailTo(author.email, 1);
    expect(statement.subject).toBe('Обоснование: решение о вашем комментарии');
    expect(statement.html).toContain('<html lang="ru" dir="ltr">');
    expect(statement.text).toContain(
      'После уведомления о том, что ваш комментарий является незаконным контентом (Клевета), мы приняли меры. Это наше обоснование решения (Регламент ЕС о цифровых услугах, статья 17).',
    );
    expect(statement.text).toMatch(/Решение: Удалён \(\d{1,2} \p{L}+ \d{4} г\.\)\./u);
    expect(statement.text).toContain('Основание: Клевета: статья 185 Уголовного кодекса.');
    expect(statement.text).toContain(
      'Автоматизированные средства: не использовались; решение принял модератор.',
    );
    expect(statement.text).toContain(
      'Средства защиты: Вы можете обжаловать это решение в течение шести месяцев по ссылке в этом сообщении.',
    );
    expect(statement.text).not.toContain('Widerspruch');
    expect(statement.text).toContain(`http://parley.test/appeal/${filed.body.id}`);

    // On the appeal page too, the form's redress reads in the language the page asks for.
    const statements = await author.client.get<DsaStatementPage>('/api/me/dsa/statements', {
      headers: { 'accept-language': 'ru' },
    });
    expect(statements.body.items[0]!.decision.redress).toMatch(
      /^Вы можете обжаловать это решение в течение шести месяцев/,
    );

    const toNotifier = await mailTo(notifierEmail, 1);
    expect(toNotifier.subject).toBe('La décision sur votre notification de contenu illicite');
    expect(toNotifier.text).toContain('Décision : Supprimé');
    expect(toNotifier.text).toContain('Voies de recours : Vous pouvez former un recours');
  });
});
