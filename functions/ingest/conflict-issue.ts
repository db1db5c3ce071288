/** The rejection a file gets when a group it reports already belongs to another upload. */
import type { PublicIssue } from '../../shared/export/public-issue';
import { type GroupKey, groupKeyParts } from '../../shared/group-key';

export function conflictIssue(period: string, group: GroupKey, holder: string): PublicIssue {
  const label = groupKeyParts(group).join(' / ');
  return {
    line: 0,
    column: null,
    value: label,
    message:
      `分组（${period}，单位 ${group.unitCode}，项目 ${group.projectCode}，${group.fundType}）已由 ${holder} 提交，` +
      '同一分组只能来自一个文件；请删除或更正其中一个文件 / ' +
      `group (${period}, unit ${group.unitCode}, project ${group.projectCode}, ${group.fundType}) is already held by ` +
      `${holder}; a group may come from one file only, so remove or correct one of the files`,
  };
}

/** The rejection an indicator file gets when another file already holds one of its sets. */
export function indicatorSetConflictIssue(year: string, group: GroupKey, holder: string): PublicIssue {
  return {
    line: 0,
    column: null,
    value: group.projectCode,
    message:
      `${year}年“${group.projectCode}”的绩效指标已由 ${holder} 提交，同一项目的指标只能来自一个文件；` +
      '请更正该文件，或删除其中一个文件 / ' +
      `the ${year} indicator set of “${group.projectCode}” is already held by ${holder}; a set may come from one ` +
      'file only, so correct that file or remove one of them',
  };
}
