import { chromium } from 'playwright-core';
const base = process.env.BASE ?? 'http://127.0.0.1:3123';
const views = (process.env.VIEWS ?? 'stories,webhooks,settings').split(',');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
for (const scheme of ['light', 'dark']) {
  for (const width of [1280, 375]) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
    const page = await context.newPage();
    const r = await page.request.post(`${base}/api/auth/login`, { data: { username: 'admin', password: 'adminpass1234' } });
    if (!r.ok()) throw new Error(await r.text());
    for (const view of views) {
      await page.goto(`${base}/moderate?view=${view}`);
      await page.waitForTimeout(1200);
      if (process.env.OPEN) for (const name of process.env.OPEN.split('|')) {
        const b = page.getByRole('button', { name }).first();
        if (await b.count()) await b.click();
      }
      await page.waitForTimeout(300);
      await page.screenshot({ path: `/tmp/i23-shots/${view}-${width}-${scheme}.png`, fullPage: true });
    }
    await context.close();
  }
}
await browser.close();
