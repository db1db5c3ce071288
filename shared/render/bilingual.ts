/**
 * Both languages are in the page; a class on <html> shows one. Chinese is the default and
 * what a page shows without JavaScript. Each span carries its own `lang` so screen readers
 * pronounce it right whichever language is shown.
 */
import { escapeHtml, html, SafeHtml } from './html';

export interface Bilingual {
  zh: string;
  en: string;
}

/** A number and the measure word after it (13个, 4623.33万元, 2.85个百分点, 2021年). */
const NUMBER_AND_MEASURE = /(\d[\d,.]*)(个百分点|万元|元|个|项|条|分|人|家|户|名|年|月|日)/g;

/**
 * Chinese text with each number kept on one line with its measure word: a browser may break
 * between a digit and a following Chinese character, which splits 「13个」 across lines.
 */
export function keepNumbersWhole(text: string): SafeHtml {
  return new SafeHtml(escapeHtml(text).replace(NUMBER_AND_MEASURE, '<span class="nw">$1$2</span>'));
}

export function bi(zh: string | SafeHtml, en: string | SafeHtml): SafeHtml {
  const chinese = typeof zh === 'string' ? keepNumbersWhole(zh) : zh;
  return html`<span class="zh" lang="zh-CN">${chinese}</span><span class="en" lang="en">${en}</span>`;
}

/** For attributes and SVG <title>, where markup cannot switch: both, Chinese first. */
export function both(text: Bilingual): string {
  return `${text.zh} / ${text.en}`;
}
