/**
 * The bundled 经济分类 names against the public table they were checked with (附表1「两套支出经济
 * 分类科目对照表」 of 财预〔2017〕98号, shared/classification/README.md): the list below is
 * transcribed from that source, not from the bundled file, so a wrong or missing name fails.
 */
import { describe, expect, it } from 'vitest';
import ECONOMIC_SUBJECTS from '../../../../shared/classification/economic-subjects-2021.json';

/** 部门预算经济分类 as the source lists it, in its order. */
const CHECKED_ECONOMIC: readonly (readonly [string, string])[] = [
  ['301', '工资福利支出'],
  ['30101', '基本工资'],
  ['30102', '津贴补贴'],
  ['30103', '奖金'],
  ['30108', '机关事业单位基本养老保险缴费'],
  ['30109', '职业年金缴费'],
  ['30110', '职工基本医疗保险缴费'],
  ['30111', '公务员医疗补助缴费'],
  ['30112', '其他社会保障缴费'],
  ['30113', '住房公积金'],
  ['30106', '伙食补助费'],
  ['30114', '医疗费'],
  ['30199', '其他工资福利支出'],
  ['302', '商品和服务支出'],
  ['30201', '办公费'],
  ['30202', '印刷费'],
  ['30204', '手续费'],
  ['30205', '水费'],
  ['30206', '电费'],
  ['30207', '邮电费'],
  ['30208', '取暖费'],
  ['30209', '物业管理费'],
  ['30211', '差旅费'],
  ['30214', '租赁费'],
  ['30228', '工会经费'],
  ['30229', '福利费'],
  ['30239', '其他交通费用'],
  ['30240', '税金及附加费用'],
  ['30215', '会议费'],
  ['30216', '培训费'],
  ['30218', '专用材料费'],
  ['30224', '被装购置费'],
];

describe('bundled 经济分类 names', () => {
  it.each(CHECKED_ECONOMIC)('%s is named %s, as the public table names it', (code, name) => {
    expect((ECONOMIC_SUBJECTS.names as Record<string, string>)[code]).toBe(name);
  });
});
