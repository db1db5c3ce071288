/** The document every page shares: head, header with navigation and the language toggle, footer. */
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
<footer>${bi('生成时间', 'Generated')}: <time datetime="${page.generatedAt}">${page.generatedAt}</time></footer>
<script>${trusted(LANGUAGE_SCRIPT)}</script>
</body>
</html>
`;
  return document.value;
}
