/** The test reader of page tables (tests/support/html-tables.ts) reads shapes right. */
import { describe, expect, it } from 'vitest';
import { parseTables } from '../../support/html-tables';

describe('parseTables', () => {
  it('reads sections, cells, colspans, captions and skips comments and scripts', () => {
    const [table, ...rest] = parseTables(`<p>x</p><table class="t">
<caption>按资金性质 <span>By fund</span></caption>
<!-- <tr><td>not a row</td></tr> -->
<thead><tr><th scope="col">A</th><th scope='col' colspan=2>B</th></tr></thead>
<tbody><tr><th scope="row">1</th><td class="num">2</td><td>3 &lt; 4</td></tr>
<tr><td>5</td><td>6</td></tr></tbody>
<tfoot><tr><td colspan="3">sum</td></tr></tfoot></table>
<script>const s = "<table><tr><td>no</td></tr></table>";</script>`);
    expect(rest).toEqual([]);
    expect(table?.caption).toBe('按资金性质 By fund');
    expect(table?.rows.map((r) => [r.section, r.width])).toEqual([
      ['thead', 3],
      ['tbody', 3],
      ['tbody', 2],
      ['tfoot', 3],
    ]);
    expect(table?.rows[1]?.cells).toEqual(['1', '2', '3 &lt; 4']);
  });
});
