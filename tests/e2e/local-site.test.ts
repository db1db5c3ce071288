/**
 * The newcomer's path in a real browser: `npm start` on a fresh data directory, the demo
 * reports, a rejected upload on the uploads page, the English switch, and axe-core on every
 * kind of page. Debian's Chromium (apt-get install chromium fonts-wqy-microhei) is driven by
 * playwright-core; screenshots go to test-results/screenshots/ for a human look.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalProcess, PROJECT_ROOT, runCli, startLocalProcess } from './support/local-process';
import { pdfPageTexts } from './support/pdf-text';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = path.join(PROJECT_ROOT, 'test-results', 'screenshots');
const MINIMUM_LIVING_SENTENCE =
  '最低生活保障项目：全年预算数为4623.33万元，执行数为4623.33万元，完成预算数的100%。';

let local: LocalProcess;
let context: BrowserContext;
let page: Page;
let userDataDir: string;
let workDir: string;
const externalRequests: string[] = [];

async function axeSeriousOrWorse(p: Page) {
  const results = await new AxeBuilder({ page: p })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
}

/** What a reader sees: innerText leaves out the hidden language and anything else not displayed. */
async function visibleText(target: string | Locator): Promise<string> {
  const locator = typeof target === 'string' ? page.locator(target) : target;
  return locator.innerText();
}

/**
 * Run in the page (no DOM types here): a table cell, list item or date holding one word (no
 * space, no Chinese punctuation to break at) of up to 20 characters must render on one line —
 * 「2021年12月」, 「2021-12」, a code, a project name. Lines are told apart by the tops of the
 * text's own boxes. Also the page's width, which must be the screen's (only tables scroll).
 */
const UNBROKEN_WORDS_CHECK = `(() => {
  const broken = [];
  for (const cell of document.querySelectorAll('main th, main td, main li')) {
    if (cell.offsetParent === null) continue;
    const text = cell.innerText.trim();
    if (text === '' || /[\\s：，、。；（）“”]/.test(text) || [...text].length > 20) continue;
    const tops = new Set();
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const rect of range.getClientRects()) if (rect.width > 0) tops.add(Math.round(rect.top));
    }
    if (tops.size > 1) broken.push(text + ': ' + tops.size + ' lines');
  }
  return { broken, pageWidth: document.documentElement.scrollWidth };
})()`;

async function screenshot(name: string, fullPage = true) {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage });
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  workDir = mkdtempSync(path.join(tmpdir(), 'budget-e2e-files-'));
  local = await startLocalProcess();
  userDataDir = mkdtempSync(path.join(tmpdir(), 'budget-e2e-chromium-'));
  // launchPersistentContext passes the profile as --user-data-dir (launch() refuses that flag).
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 900 },
    locale: 'zh-CN',
  });
  page = context.pages()[0] ?? (await context.newPage());
  // The pages promise no external requests: fail loudly if one is attempted.
  await context.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => {
    externalRequests.push(route.request().url());
    return route.abort();
  });
});

afterAll(async () => {
  await context?.close();
  const code = await local?.stop();
  rmSync(userDataDir, { recursive: true, force: true });
  rmSync(workDir, { recursive: true, force: true });
  // Ctrl-C / SIGTERM must stop cleanly, not crash.
  expect(code).toBe(0);
});

describe('npm start in a browser', () => {
  it('is ready with the demo loaded well within a minute', () => {
    expect(local.output()).toContain('demo: 12 Lechang 2021 exports loaded');
    expect(local.secondsToReady).toBeLessThan(60);
  });

  it('shows the index with the periods, latest first, and passes axe', async () => {
    const response = await page.goto(`${local.siteUrl}/`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toBe('text/html; charset=utf-8');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    const reportLinks = page.locator('main a[href*="2021-"]');
    expect(await reportLinks.count()).toBeGreaterThanOrEqual(12);
    expect(await reportLinks.first().getAttribute('href')).toContain('2021-12');
    await screenshot('01-index');
    expect(await axeSeriousOrWorse(page)).toEqual([]);
  });

  it('opens 2021-12 with the seed sentence and totals visible, and passes axe', async () => {
    await page.locator('main a[href*="2021-12"]').first().click();
    await page.waitForURL(/\/reports\/2021-12\/(index\.html)?$/);
    await expect
      .poll(() => page.getByText(MINIMUM_LIVING_SENTENCE, { exact: false }).first().isVisible())
      .toBe(true);
    const text = await visibleText('main');
    expect(text).toContain('12965.37');
    expect(text.replace(/,/g, '')).toContain('129653700.00');

    const json = (await (await fetch(`${local.siteUrl}/reports/2021-12/report.json`)).json()) as {
      totals: { budget: string; spentToDate: string };
    };
    expect(json.totals.spentToDate).toBe('129653700.00');
    await screenshot('02-report-2021-12-zh');
    await screenshot('02-report-2021-12-zh-top', false);
    expect(await axeSeriousOrWorse(page)).toEqual([]);
  });

  it('lists a rejected upload with its error line on the uploads page, and passes axe', async () => {
    const lines = readFileSync(path.join(PROJECT_ROOT, 'examples/lechang-2021/2021-06.csv'), 'utf8').split(
      '\n',
    );
    // Line 3 of the file (header = line 1): an amount that is not a number.
    const fields = (lines[2] ?? '').split(',');
    fields[10] = '12.3x';
    lines[2] = fields.join(',');
    const bad = path.join(workDir, 'e2e-bad.csv');
    writeFileSync(bad, lines.join('\n'));

    const cli = await runCli(['upload', bad, '--key', 'incoming/e2e/e2e-bad.csv'], local.env);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain('incoming/e2e/e2e-bad.csv: rejected');
    expect(cli.stdout).toContain('line 3, column 全年预算数: value "12.3x"');

    // The verdict is in the status record; the page follows once render has run.
    const row = page.locator('main').getByText('incoming/e2e/e2e-bad.csv').first();
    await expect
      .poll(
        async () => {
          await page.goto(`${local.siteUrl}/uploads.html`);
          return row.isVisible();
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    const errorRow = page.locator('main tr', { hasText: '12.3x' }).first();
    expect(await errorRow.isVisible()).toBe(true);
    const errorCells = (await errorRow.locator('th, td').allInnerTexts()).map((t) => t.trim());
    expect(errorCells).toContain('3');
    expect(errorCells.some((c) => c.includes('全年预算数'))).toBe(true);

    // The twelve demo files are listed as accepted.
    for (let m = 1; m <= 12; m++) {
      // The demo sends a month as a workbook where examples/ has one (2021-12.xlsx).
      const name = `2021-${String(m).padStart(2, '0')}`;
      const workbook = existsSync(path.join(PROJECT_ROOT, `examples/lechang-2021/${name}.xlsx`));
      const key = `incoming/lechang-2021/${name}.${workbook ? 'xlsx' : 'csv'}`;
      const demoRow = page.locator('main tr', { hasText: key }).first();
      expect(await visibleText(demoRow), key).toContain('已接收');
    }
    await screenshot('03-uploads');
    expect(await axeSeriousOrWorse(page)).toEqual([]);
  });

  it('sent exactly one upload-rejected alert to the outbox for the refused file', async () => {
    const outbox = path.join(local.dataDir, 'outbox');
    const rejected = () =>
      readdirSync(outbox)
        .filter((file) => file.endsWith('-upload-rejected.json'))
        .map(
          (file) => JSON.parse(readFileSync(path.join(outbox, file), 'utf8')) as { details: { key: string } },
        )
        .filter((alert) => alert.details.key === 'incoming/e2e/e2e-bad.csv');
    await expect.poll(() => rejected().length, { timeout: 30_000 }).toBe(1);
    expect(local.output()).toMatch(/alert upload-rejected: .*incoming\/e2e\/e2e-bad\.csv/);
  });

  it('opens the 2021-06 bulletin from its period page, states the gap, and passes axe', async () => {
    await page.goto(`${local.siteUrl}/reports/2021-06/`);
    await page.locator('main a[href="bulletin.html"]').first().click();
    await page.waitForURL(/\/reports\/2021-06\/bulletin\.html$/);
    const text = await visibleText('main');
    expect(text).toContain('截至2021年6月底，全部门预算执行率47.15%，低于序时进度2.85个百分点。');
    expect(text).toContain('纳入通报的4个单位中');
    // the notice's blocks: 总体情况 by expenditure type, average, change on May, 约谈/督办, 落款
    for (const block of [
      '一、总体情况',
      '项目支出预算数',
      '各单位平均执行率为',
      '与上月（2021年5月底',
      '三、约谈/督办名单',
      '五、工作要求',
    ])
      expect(text).toContain(block);
    const docx = await fetch(`${local.siteUrl}/reports/2021-06/bulletin.docx`);
    expect(docx.status).toBe(200);
    expect(
      Buffer.from(await docx.arrayBuffer())
        .subarray(0, 2)
        .toString('latin1'),
    ).toBe('PK');
    await screenshot('05-bulletin-2021-06-zh');
    expect(await axeSeriousOrWorse(page)).toEqual([]);
    await page.locator('#lang-toggle').click();
    await expect.poll(() => visibleText('h1')).toContain('Spending progress bulletin');
    expect(await visibleText('main')).toContain('2.85 points behind time progress');
    expect(await axeSeriousOrWorse(page)).toEqual([]);
    await page.locator('#lang-toggle').click();
  });

  it('switches to English on the report page', async () => {
    await page.goto(`${local.siteUrl}/reports/2021-12/`);
    const toggle = page.locator('#lang-toggle');
    await expect.poll(() => toggle.isVisible()).toBe(true);
    await toggle.click();
    await expect.poll(() => visibleText('h1')).toMatch(/[A-Za-z]{3,}/);
    expect(await page.getByText(MINIMUM_LIVING_SENTENCE).first().isVisible()).toBe(false);
    await screenshot('04-report-2021-12-en');
    expect(await axeSeriousOrWorse(page)).toEqual([]);
  });

  it('opens the 2021 self-evaluation from the index: 100 (优), the forms, downloads; passes axe', async () => {
    await page.goto(`${local.siteUrl}/`);
    await page.locator('main a[href*="self-evaluation/2021/"]').first().click();
    await page.waitForURL(/\/self-evaluation\/2021\/(index\.html)?$/);
    expect(await page.locator('html').getAttribute('lang')).toMatch(/^(zh-CN|en)$/);
    // The previous test switched to English and the choice is remembered: back to Chinese.
    if ((await page.locator('html').getAttribute('lang')) === 'en')
      await page.locator('#lang-toggle').click();
    const text = await visibleText('main');
    expect(text).toContain('部门整体支出绩效自评表');
    expect(text).toContain('项目支出绩效自评表：最低生活保障');
    expect(text).toContain('部门整体支出绩效自评得分为100分，等级为“优”。');
    expect(text).toContain('4623.33');
    // the national layout's blocks
    for (const block of [
      '主管部门',
      '实施单位',
      '项目资金（万元）',
      '年度总体目标',
      '产出指标小计',
      '偏差原因分析及改进措施',
      '自评等级',
      '填报日期',
    ])
      expect(text).toContain(block);
    const json = (await (
      await fetch(`${local.siteUrl}/self-evaluation/2021/self-evaluation.json`)
    ).json()) as {
      department: { score: number; grade: string };
      projects: { score: number | null; grade: string | null }[];
    };
    expect(json.department).toMatchObject({ score: 100, grade: '优' });
    const scored = json.projects.filter((p) => p.score !== null);
    expect(scored).toHaveLength(4);
    for (const project of scored) expect(project).toMatchObject({ score: 100, grade: '优' });
    for (const file of ['self-evaluation.xlsx', 'report.docx']) {
      const response = await fetch(`${local.siteUrl}/self-evaluation/2021/${file}`);
      expect(response.status, file).toBe(200);
      expect(
        Buffer.from(await response.arrayBuffer())
          .subarray(0, 2)
          .toString('latin1'),
        file,
      ).toBe('PK');
    }
    await screenshot('05-self-evaluation-2021');
    expect(await axeSeriousOrWorse(page)).toEqual([]);
  });

  it('at 390 px (a phone), never breaks a word, code or name in a table, and never scrolls the page sideways', async () => {
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    try {
      for (const [name, url] of [
        ['index', '/'],
        ['report-2021-12', '/reports/2021-12/'],
        ['uploads', '/uploads.html'],
        ['self-evaluation-2021', '/self-evaluation/2021/'],
        ['bulletin-2021-06', '/reports/2021-06/bulletin.html'],
      ] as const) {
        await phone.goto(`${local.siteUrl}${url}?lang=zh`);
        const layout = await phone.evaluate<{ broken: string[]; pageWidth: number }>(UNBROKEN_WORDS_CHECK);
        expect(layout, name).toEqual({ broken: [], pageWidth: 390 });
        await phone.screenshot({ path: path.join(SCREENSHOTS, `08-phone-${name}.png`), fullPage: false });
      }
    } finally {
      await phone.close();
    }
  });

  it('prints the June report on A4 landscape, numbered, in half the pages it took (4, was 8)', async () => {
    const printer = await context.newPage();
    try {
      await printer.goto(`${local.siteUrl}/reports/2021-06/?lang=zh`);
      const pdf = await printer.pdf({ preferCSSPageSize: true, printBackground: true });
      writeFileSync(path.join(SCREENSHOTS, '09-report-2021-06.pdf'), pdf);
      const pages = pdfPageTexts(pdf);
      // docs/local.md, "Printing": 4 pages (8 with the portrait stylesheet before).
      expect(pages.length).toBeGreaterThanOrEqual(2);
      expect(pages.length).toBeLessThanOrEqual(4);
      pages.forEach((text, i) => {
        expect(text, `page ${i + 1}`).toMatch(new RegExp(`(^| )${i + 1} / ${pages.length}( |$)`));
      });
      // The PDF's text runs are joined with spaces, also around the kept-together number spans.
      expect(pages.join(' ').replace(/\s+/g, '')).toContain('2021年6月预算执行情况');
      // A4 landscape: 842 × 595 points.
      const mediaBox = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf.toString('latin1'));
      expect([Math.round(Number(mediaBox?.[1])), Math.round(Number(mediaBox?.[2]))]).toEqual([842, 595]);
      // Project codes stay on one line in print too.
      await printer.emulateMedia({ media: 'print' });
      const wrappedCodes = await printer.evaluate<string[]>(
        "[...document.querySelectorAll('main td .mono, main th .mono')].filter((c) => c.getClientRects().length > 1).map((c) => c.textContent)",
      );
      expect(wrappedCodes).toEqual([]);
    } finally {
      await printer.close();
    }
  });

  it('links the English view with ?lang=en; the switch reads the language it leads to', async () => {
    await page.goto(`${local.siteUrl}/reports/2021-12/?lang=en`);
    const toggle = page.locator('#lang-toggle');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    expect(await visibleText('h1')).toMatch(/Budget execution/);
    expect((await toggle.innerText()).trim()).toBe('中文');
    await toggle.click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect((await toggle.innerText()).trim()).toBe('English');
    // The address follows the choice, so what is shared is what is seen.
    expect(new URL(page.url()).searchParams.get('lang')).toBe('zh');
    await toggle.click();
    expect(new URL(page.url()).searchParams.get('lang')).toBe('en');
    await page.goto(`${local.siteUrl}/reports/2021-12/?lang=zh`);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
  });

  it('serves the self-evaluation downloads under the department and year, the Chinese name kept', async () => {
    for (const [file, name] of [
      ['self-evaluation.xlsx', '乐昌市民政局-2021-绩效自评表.xlsx'],
      ['report.docx', '乐昌市民政局-2021-绩效自评报告.docx'],
    ] as const) {
      const response = await fetch(`${local.siteUrl}/self-evaluation/2021/${file}`);
      const disposition = response.headers.get('content-disposition') ?? '';
      expect(disposition, file).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
      expect(decodeURIComponent(disposition.slice(disposition.indexOf("UTF-8''") + 7)), file).toBe(name);
      await response.arrayBuffer();
    }
    await page.goto(`${local.siteUrl}/self-evaluation/2021/`);
    expect(await page.locator('a[href="self-evaluation.xlsx"]').getAttribute('download')).toBe(
      '乐昌市民政局-2021-绩效自评表.xlsx',
    );
  });

  it('made no request outside the local site', () => {
    expect(externalRequests).toEqual([]);
  });
});
