import { describe, expect, it } from 'vitest';
import { BOM, csvDocument, neutraliseFormula, numberCell, textCell } from '../../../shared/render/csv-cell';

describe('CSV cells', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
    ['+1', "'+1"],
    ['-101001', "'-101001"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', "'\rcmd"],
    ['最低生活保障', '最低生活保障'],
  ])('neutralises %j', (input, expected) => {
    expect(neutraliseFormula(input)).toBe(expected);
  });

  it('quotes fields holding separators, quotes or line breaks', () => {
    expect(textCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(textCell('a\nb')).toBe('"a\nb"');
  });

  it('keeps amounts plain numbers, negatives included', () => {
    expect(numberCell('-12.00')).toBe('-12.00');
    expect(numberCell(46233300)).toBe('46233300');
    expect(() => numberCell('=1+1')).toThrow(TypeError);
  });

  it('starts with a BOM and ends lines with CRLF', () => {
    const doc = csvDocument(['名称'], [[textCell('x')]]);
    expect(doc.startsWith(BOM)).toBe(true);
    expect(doc).toBe('\uFEFF名称\r\nx\r\n');
  });
});
