import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, html, trusted } from '../../../shared/render/html';

describe('html tagged template', () => {
  it('escapes every interpolated string', () => {
    const name = '<script>alert(1)</script>" onmouseover="x\'&';
    expect(html`<td title="${name}">${name}</td>`.value).toBe(
      '<td title="&lt;script&gt;alert(1)&lt;/script&gt;&quot; onmouseover=&quot;x&#39;&amp;">&lt;script&gt;alert(1)&lt;/script&gt;&quot; onmouseover=&quot;x&#39;&amp;</td>',
    );
  });

  it('does not escape twice what it built itself, and flattens arrays', () => {
    const cells = ['a<b', 'c'].map((text) => html`<li>${text}</li>`);
    expect(html`<ul>${cells}</ul>`.value).toBe('<ul><li>a&lt;b</li><li>c</li></ul>');
    expect(html`${trusted('<b>ok</b>')}${null}${false}${undefined}${0}`.value).toBe('<b>ok</b>0');
  });

  it('never lets markup characters through, whatever the text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const out = escapeHtml(text);
        expect(out).not.toMatch(/[<>"']/);
        expect(out.replace(/&(amp|lt|gt|quot|#39);/g, '')).not.toContain('&');
      }),
    );
  });
});
