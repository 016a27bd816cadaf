import { chromium } from 'playwright-core';
const base = 'http://127.0.0.1:3123';
const pages = (process.env.PAGES ?? '/moderate?view=queues,/moderate?view=log,/moderate?view=search,/account,/').split(',');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
for (const scheme of (process.env.SCHEMES ?? 'dark').split(',')) for (const width of (process.env.WIDTHS ?? '1280').split(',').map(Number)) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
  const page = await context.newPage();
  await page.request.post(`${base}/api/auth/login`, { data: { username: 'admin', password: 'adminpass1234' } });
  for (const path of pages) {
    await page.goto(base + path);
    await page.waitForTimeout(1500);
    if (process.env.OPEN) for (const name of process.env.OPEN.split('|')) { const b = page.getByRole('button', { name }).first(); if (await b.count()) await b.click(); }
    const name = path.replace(/[^a-z]+/g, '-') || 'home';
    await page.screenshot({ path: `/tmp/i23-shots/p${name}-${width}-${scheme}.png`, fullPage: true });
    const sw = await page.evaluate(() => document.documentElement.scrollWidth);
    if (sw > width) console.log('OVERFLOW', path, width, sw);
  }
  await context.close();
}
await browser.close();
