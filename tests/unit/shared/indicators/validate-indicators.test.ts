import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { countIndicatorHeaders } from '../../../../shared/indicators/indicator-fields';
import { validateIndicators } from '../../../../shared/indicators/validate-indicators';
import { projectRoot } from '../csv/helpers';

const HEADER =
  '年度,项目编码,项目名称,一级指标,二级指标,三级指标,指标性质,度量单位,年度指标值,实际完成值,分值,偏差原因';

async function* bytes(text: string | Uint8Array): AsyncGenerator<Uint8Array> {
  yield typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
}

const validate = (text: string | Uint8Array, executionWeight?: number) =>
  validateIndicators(bytes(text), executionWeight === undefined ? {} : { executionWeight });

const issues = (list: { line: number; column: string | null; value: string | null }[]) =>
  list.map((issue) => [issue.line, issue.column, issue.value]);

describe('validateIndicators (docs/contract.md §4.2)', () => {
  it('reads the Lechang 2021 example: five sets, each 90 points plus the execution weight', async () => {
    const result = await validateIndicators(
      createReadStream(join(projectRoot, 'examples', 'indicators', 'lechang-2021.csv')),
    );
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.year).toBe(2021);
    expect(result.sets.map((set) => [set.projectCode, set.indicators.length])).toEqual([
      ['部门整体', 8],
      ['44028121A000001', 6],
      ['44028121A000002', 6],
      ['44028121A000003', 6],
      ['44028121A000004', 6],
    ]);
  });

  it('accepts English headers, >= / <=, a title line above the header, GB18030 and CRLF', async () => {
    const text = [
      '乐昌市民政局2021年绩效指标',
      'year,project_code,level1,level2,indicator,operator,unit,target,actual,weight,reason',
      '2021,P1,产出指标,数量指标,人数,>=,人,100,90,45,人员减少',
      '2021,P1,效益,社会效益指标,时限,<=,天,3,3,45,',
    ].join('\r\n');
    const result = await validate(iconv.encode(text, 'gb18030'));
    expect(result.errors).toEqual([]);
    expect(result.encoding).toBe('gb18030');
    const indicators = result.sets[0]?.indicators ?? [];
    expect(indicators.map((i) => [i.operator, i.level1, i.reason])).toEqual([
      ['≥', '产出指标', '人员减少'],
      ['≤', '效益指标', null],
    ]);
    // the title line, and 产出 45 / 效益 45 against the form's 50/30/10 (a warning, not a rejection)
    expect(result.warnings.map((w) => [w.code, w.line, w.value])).toEqual([
      ['PREAMBLE_IGNORED', 2, null],
      ['WEIGHTS_NOT_STANDARD', 3, '产出45/效益45/满意度0/预算执行10'],
    ]);
  });

  it('rejects weights that do not sum to 100 with the execution weight, showing the sum', async () => {
    const text = [
      HEADER,
      '2021,P1,,产出指标,数量指标,a,≥,人,1,1,40,',
      '2021,P1,,产出指标,数量指标,b,≥,人,1,1,45.5,',
    ].join('\n');
    const result = await validate(text);
    expect(result.valid).toBe(false);
    expect(issues(result.errors)).toEqual([[2, '分值', '85.5']]);
    expect(result.errors[0]?.message).toContain('85.5');
    expect(result.errors[0]?.message).toContain('95.5');
    expect(result.errors[0]?.message).toMatch(/must be 100/);
    // the same file is right for a city whose execution weight is 14.5
    expect((await validate(text, 14.5)).valid).toBe(true);
  });

  it('locates every bad cell by line and column, in Chinese and English', async () => {
    const text = [
      HEADER,
      '2021,P1,,产出,数量指标,a,>,人,1,1,10,', // operator
      '2021,P1,,其他指标,数量指标,b,≥,人,x,1,10,', // level1, target
      '2021,P1,,产出指标,数量指标,c,定性,,有效,完成,10,', // rating
      '2021,P1,,产出指标,,d,≥,人,1,1,0,', // level2 empty, weight 0
      '2022,P1,,产出指标,数量指标,e,≥,人,1,1,10,', // mixed year
      '2021,P1,,产出指标,数量指标,f,定性,,,达成,10,', // 定性 without target
    ].join('\n');
    const result = await validate(text);
    expect(issues(result.errors)).toEqual([
      [2, '指标性质', '>'],
      [3, '一级指标', '其他指标'],
      [3, '年度指标值', 'x'],
      [4, '实际完成值', '完成'],
      [5, '二级指标', ''],
      [5, '分值', '0'],
      [6, '年度', '2022'],
      [7, '年度指标值', ''],
    ]);
    for (const error of result.errors) expect(error.message).toMatch(/[\u4e00-\u9fff].* \/ [A-Za-z]/);
  });

  it('names the missing required columns, and refuses personal data', async () => {
    const missing = await validate(
      '年度,项目编码,一级指标,二级指标,三级指标,分值\n2021,P1,产出指标,数量指标,a,90\n',
    );
    expect(missing.errors.map((e) => e.message.split(' / ')[0])).toEqual([
      '缺少必需的列“指标性质”；可用的表头：指标性质、指标类型、operator',
      '缺少必需的列“年度指标值”；可用的表头：年度指标值、目标值、target',
      '缺少必需的列“实际完成值”；可用的表头：实际完成值、actual',
    ]);
    const personal = await validate(
      `${HEADER},身份证号\n2021,P1,,产出指标,数量指标,a,≥,人,1,1,90,,440281199001011234\n`,
    );
    expect(personal.valid).toBe(false);
    expect(personal.errors[0]?.column).toBe('身份证号');
  });

  it('refuses a resident ID number in any cell, as exports do, without echoing it (issue 19)', async () => {
    for (const id of ['440281199001011230', '440281 19900101 1230', '４４０２８１１９９００１０１１２３０']) {
      const result = await validate(
        `${HEADER}\n2021,P1,最低生活保障,产出指标,数量指标,保障人数,≥,人,1,1,90,低保对象张三（身份证${id}）\n`,
      );
      expect(result.valid).toBe(false);
      expect(result.errors).toEqual([
        expect.objectContaining({ code: 'PERSONAL_DATA_VALUE', line: 2, column: '偏差原因', value: null }),
      ]);
      expect(JSON.stringify(result)).not.toContain('440281');
    }
  });

  it('rejects a project code with two names and a renamed workbook; an empty or header-only file says so', async () => {
    const names = await validate(
      [
        HEADER,
        '2021,P1,甲,产出指标,数量指标,a,≥,人,1,1,45,',
        '2021,P1,乙,产出指标,数量指标,b,≥,人,1,1,45,',
      ].join('\n'),
    );
    expect(issues(names.errors)).toEqual([[3, '项目名称', '乙']]);
    expect((await validate(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]))).errors[0]?.message).toMatch(
      /Excel/,
    );
    expect((await validate('')).errors[0]?.message).toMatch(/empty/);
    expect((await validate(`${HEADER}\n`)).errors[0]?.message).toMatch(/no data rows/);
  });

  it('reads the form rows (年度总体目标, 评价结论, signatures) as text, in the words written; one of each per set', async () => {
    const text = [
      HEADER,
      '2021,P1,,产出指标,数量指标,a,≥,人,1,1,50,',
      '2021,P1,,效益指标,社会效益指标,b,≥,人,1,1,30,',
      '2021,P1,,满意度指标,服务对象满意度指标,c,≥,%,90,95,10,',
      '2021,P1,,年度总体目标,,,,,按时足额发放，应保尽保,全部纳入；按月发放,,',
      '2021,P1,,填报人,,,,,张三,,,',
      '2021,P1,,存在问题,,,,,动态管理仍有欠缺,,,',
    ].join('\n');
    const result = await validate(text);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]); // 50/30/10 + 10: the form's own weights
    const set = result.sets[0];
    expect(set?.indicators).toHaveLength(3);
    expect(set?.form).toMatchObject({
      goalExpected: '按时足额发放，应保尽保', // full-width punctuation kept
      goalActual: '全部纳入；按月发放',
      preparer: '张三',
      problems: '动态管理仍有欠缺',
      conclusion: null,
      projectLead: null,
    });

    const twice = await validate(`${text}\n2021,P1,,总体目标,,,,,另一个目标,,,`);
    expect(twice.valid).toBe(false);
    expect(twice.errors.map((e) => [e.code, e.line, e.column, e.value])).toEqual([
      ['DUPLICATE_FORM_ROW', 8, '一级指标', '年度总体目标'],
    ]);
    expect(twice.errors[0]?.message).toContain('已于第 5 行填写');
  });

  it('reads a 定性 judgement as a rating, a grade, a score or both; a score outside its band or above the weight is refused', async () => {
    const ok = await validate(
      [
        HEADER,
        '2021,P1,,产出指标,数量指标,a,≥,人,1,1,50,',
        '2021,P1,,效益指标,社会效益指标,b,定性,,有效,良 8.5,10,',
        '2021,P1,,效益指标,社会效益指标,c,定性,,有效,部分达成（7分）,10,',
        '2021,P1,,效益指标,社会效益指标,d,定性,,有效,优,10,',
        '2021,P1,,满意度指标,服务对象满意度指标,e,定性,,满意,85%,10,',
      ].join('\n'),
    );
    expect(ok.errors).toEqual([]);
    expect(ok.sets[0]?.indicators.map((i) => (i.operator === '定性' ? [i.actual, i.rating] : null))).toEqual([
      null,
      ['良 8.5', '基本达成'],
      ['部分达成(7分)', '部分达成'], // NFKC folds the full-width brackets
      ['优', '达成'],
      ['85%', null],
    ]);

    const bad = await validate(
      [
        HEADER,
        '2021,P1,,产出指标,数量指标,a,≥,人,1,1,60,',
        '2021,P1,,效益指标,社会效益指标,b,定性,,有效,部分达成 9,10,', // 90% is not in 80%–60%
        '2021,P1,,效益指标,社会效益指标,c,定性,,有效,12,10,', // above the weight
        '2021,P1,,效益指标,社会效益指标,d,定性,,有效,很好,10,',
      ].join('\n'),
    );
    expect(bad.errors.map((e) => [e.code, e.line, e.column, e.value])).toEqual([
      ['INVALID_RATING', 3, '实际完成值', '部分达成 9'],
      ['INVALID_RATING', 4, '实际完成值', '12'],
      ['INVALID_RATING', 5, '实际完成值', '很好'],
    ]);
    expect(bad.errors[0]?.message).toContain('评为“部分达成”的得分应在分值的 80%–60% 之间（6–8 分）');
    expect(bad.errors[1]?.message).toContain('得分 12 超过该指标的分值 10 分');
  });

  it('tells an indicator header from an export header', () => {
    expect(countIndicatorHeaders(HEADER.split(','))).toBeGreaterThanOrEqual(3);
    expect(
      countIndicatorHeaders(
        '年度,月份,单位编码,单位名称,项目编码,项目名称,资金性质,全年预算数,累计支出'.split(','),
      ),
    ).toBe(0);
  });
});
