import type { Me } from '@parley/shared';
import PostalMime from 'postal-mime';
import { expect, it } from 'vitest';
import { createStory, postComment, registerUser, type TestUser } from './support/factories.js';
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
});
