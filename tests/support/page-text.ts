/**
 * Page HTML with the keep-together spans around numbers and their measure words removed
 * (shared/render/bilingual.ts wraps 「13个」 as `<span class="nw">13个</span>`), so a test can look
 * for a sentence as a reader sees it.
 */
export function withoutNumberSpans(page: string): string {
  return page.replace(/<span class="nw">([^<]*)<\/span>/g, '$1');
}
