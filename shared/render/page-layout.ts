/** The document every page shares: head, header with navigation and the language toggle, footer. */

import { localTime } from '../format';
import { type Bilingual, bi, both } from './bilingual';
import { html, type SafeHtml, trusted } from './html';
import { LANGUAGE_SCRIPT, PAGE_CSS } from './page-style';

export interface PageInput {
  title: Bilingual;
  /** The city (department) name shown above the title. */
  cityName: string;
  /** Relative path from the page to the site root, '' or '../../': links stay relative. */
  root: string;
  body: SafeHtml;
  generatedAt: string;
  /** The city's time zone, in which the page writes its time (default Asia/Shanghai). */
  timeZone?: string | undefined;
}

/** A time in the city's time zone, both languages (「2026年12月6日 14:05」); the instant itself in `datetime`. */
export function localTimeElement(iso: string, timeZone: string | undefined): SafeHtml {
  const local = localTime(iso, timeZone);
  return html`<time datetime="${iso}">${bi(local.zh, local.en)}</time>`;
}

/** 「生成时间：2026年12月6日 14:05」 in the city's time zone; the instant itself in `datetime`. */
export function timeStamp(zh: string, en: string, iso: string, timeZone: string | undefined): SafeHtml {
  const local = localTime(iso, timeZone);
  return html`<time datetime="${iso}">${bi(`${zh}：${local.zh}`, `${en}: ${local.en}`)}</time>`;
}

export function renderPage(page: PageInput): string {
  const document = html`<!DOCTYPE html>
<html lang="zh-CN" class="show-zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title.zh} · ${page.cityName}</title>
<style>${trusted(PAGE_CSS)}</style>
</head>
<body>
<header class="site">
<nav aria-label="${both({ zh: '站点导航', en: 'Site navigation' })}"><a href="${page.root}index.html">${bi('全部期间', 'All periods')}</a><a href="${page.root}uploads.html">${bi('上传记录', 'Uploads')}</a></nav>
<a class="lang" id="lang-toggle" href="?lang=en" hreflang="en" lang="en" hidden>English</a>
</header>
<main>
<p class="meta">${page.cityName}</p>
<h1>${bi(page.title.zh, page.title.en)}</h1>
${page.body}
</main>
<footer>${timeStamp('生成时间', 'Generated', page.generatedAt, page.timeZone)}</footer>
<script>${trusted(LANGUAGE_SCRIPT)}</script>
</body>
</html>
`;
  return document.value;
}
