import { describe, expect, it } from 'vitest';
import { renderLinesCsv } from '../../../shared/render/lines-csv';
import { sampleReport } from '../../support/sample-report';

describe('renderLinesCsv', () => {
  const csv = renderLinesCsv(sampleReport({ projectName: '=HYPERLINK("http://x","y")' }));
  const rows = csv.slice(1).split('\r\n');

  it('starts with a BOM and the upload contract headers', () => {
    expect(csv.startsWith('\uFEFF年度,月份,单位编码,单位名称,项目编码,项目名称,')).toBe(true);
  });

  it('neutralises formulas in text cells but keeps amounts numeric, negatives included', () => {
    expect(rows[1]).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(rows[2]).toContain(",'-101001,");
    expect(rows[2]).toContain(',2078800.00,-12.00,1039400.00,50.00,50.00,执行滞后,1,incoming/2021-12.csv');
    expect(rows[1]).toContain(',46233300.00,3929830.50,46233300.00,100.00,0.00,,1,');
  });

  it('has one line per group line and ends with CRLF', () => {
    expect(rows).toHaveLength(4);
    expect(rows[3]).toBe('');
  });
});
