/**
 * `reports/<YYYY-MM>/bulletin.docx`: the 通报 as a 公文 (GB/T 9704, `official-docx.ts`), the same
 * model as bulletin.html (`bulletin-notice.ts`), Chinese only: 文号, title, 主送, 一、总体情况 with
 * its table, 二、预警情况 level by level (连续N个月), 三、约谈/督办名单, 四、工作要求 (to fill), 落款 and
 * date. Placeholders 【待填写：…】 are highlighted.
 */
import type { Paragraph, Table } from 'docx';
import { formatPoints, formatWan, percent } from '../format';
import type { Bulletin, BulletinEntry } from './bulletin-notice';
import { warningLevelLabel } from './labels';
import {
  officialDocument,
  officialHeading,
  officialParagraph,
  officialTable,
  officialTitle,
  packOfficialDocument,
} from './official-docx';

const gap = (value: number | null): string => (value === null ? '—' : formatPoints(value));
const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

function entryRows(entries: BulletinEntry[]): string[][] {
  return [
    ['单位或项目名称', '类别', '预算数（万元）', '累计支出（万元）', '执行率', '差距（百分点）', '连续预警'],
    ...entries.map((e) => [
      e.name,
      e.kind === 'unit' ? '单位' : '项目',
      formatWan(e.budget),
      formatWan(e.spentToDate),
      percent(e.executionRate),
      gap(e.gapPoints),
      `连续${e.months}个月`,
    ]),
  ];
}

export function bulletinDocumentChildren(bulletin: Bulletin): (Paragraph | Table)[] {
  const levels = bulletin.levels.flatMap((level, i) => {
    const name = warningLevelLabel(level.level).zh;
    const units = level.entries.filter((e) => e.kind === 'unit').length;
    const projects = level.entries.length - units;
    return [
      officialHeading(`（${NUMERALS[i] ?? i + 1}）${name}`, 2),
      officialParagraph(
        `${level.band.zh}的单位${units}个、项目${projects}个${level.entries.length === 0 ? '。' : '：'}`,
      ),
      ...(level.entries.length === 0 ? [] : [officialTable(entryRows(level.entries))]),
    ];
  });
  return [
    officialParagraph(bulletin.docNumber, { indent: false, align: 'center' }),
    officialTitle(bulletin.title.zh),
    officialParagraph(bulletin.addressee, { indent: false }),
    officialHeading('一、总体情况', 1),
    officialParagraph(bulletin.opening.zh),
    officialTable([
      ['类别', '预算数（万元）', '累计支出（万元）', '本月支出（万元）', '执行率', '差距（百分点）'],
      ...bulletin.overall.map((row) => [
        row.label.zh,
        row.wan.budget,
        row.wan.spentToDate,
        row.wan.spentThisMonth,
        percent(row.executionRate),
        gap(row.gapPoints),
      ]),
    ]),
    ...bulletin.paragraphs.map((paragraph) => officialParagraph(paragraph.zh)),
    officialHeading('二、预警情况', 1),
    ...levels,
    officialHeading('三、约谈/督办名单', 1),
    officialParagraph(bulletin.interview.sentence.zh),
    ...(bulletin.interview.entries.length === 0
      ? []
      : [officialTable(entryRows(bulletin.interview.entries))]),
    officialHeading('四、工作要求', 1),
    officialParagraph(bulletin.requirements),
    officialParagraph(bulletin.issuer, { align: 'right' }),
    officialParagraph(bulletin.date, { align: 'right' }),
  ];
}

export async function renderBulletinDocx(bulletin: Bulletin, creator: string): Promise<Uint8Array> {
  return packOfficialDocument(
    officialDocument({ title: bulletin.title.zh, creator, children: bulletinDocumentChildren(bulletin) }),
  );
}
