/**
 * Both languages are in the page; a class on <html> shows one. Chinese is the default and
 * what a page shows without JavaScript. Each span carries its own `lang` so screen readers
 * pronounce it right whichever language is shown.
 */
import { html, type SafeHtml } from './html';

export interface Bilingual {
  zh: string;
  en: string;
}

export function bi(zh: string | SafeHtml, en: string | SafeHtml): SafeHtml {
  return html`<span class="zh" lang="zh-CN">${zh}</span><span class="en" lang="en">${en}</span>`;
}

/** For attributes and SVG <title>, where markup cannot switch: both, Chinese first. */
export function both(text: Bilingual): string {
  return `${text.zh} / ${text.en}`;
}
