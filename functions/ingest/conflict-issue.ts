/** The rejection a file gets when a group it reports already belongs to another upload. */
import type { PublicIssue } from '../../shared/export/public-issue';
import { type GroupKey, groupKeyParts } from '../../shared/group-key';

/**
 * Why the holder holds (docs/contract.md §3, the holder rule): its current run of versions
 * began first. Said in every conflict, so a file that held a group and lost it to a file
 * that came back (a displaced holder) reads why.
 */
function why(since: string | null): { zh: string; en: string } {
  if (since === null) return { zh: '', en: '' };
  return {
    zh: `（该文件自 ${since} 起在上传桶中，早于本文件，故由它持有）`,
    en: ` (in the bucket since ${since}, before this file, so it holds the group)`,
  };
}

export function conflictIssue(
  period: string,
  group: GroupKey,
  holder: string,
  since: string | null,
): PublicIssue {
  const label = groupKeyParts(group).join(' / ');
  const reason = why(since);
  return {
    line: 0,
    column: null,
    value: label,
    message:
      `分组（${period}，单位 ${group.unitCode}，项目 ${group.projectCode}，${group.fundType}）已由 ${holder} 提交${reason.zh}，` +
      '同一分组只能来自一个文件；请删除或更正其中一个文件 / ' +
      `group (${period}, unit ${group.unitCode}, project ${group.projectCode}, ${group.fundType}) is already held by ` +
      `${holder}${reason.en}; a group may come from one file only, so remove or correct one of the files`,
  };
}

/** The rejection an indicator file gets when another file already holds one of its sets. */
export function indicatorSetConflictIssue(
  year: string,
  group: GroupKey,
  holder: string,
  since: string | null,
): PublicIssue {
  const reason = why(since);
  return {
    line: 0,
    column: null,
    value: group.projectCode,
    message:
      `${year}年“${group.projectCode}”的绩效指标已由 ${holder} 提交${reason.zh}，同一项目的指标只能来自一个文件；` +
      '请更正该文件，或删除其中一个文件 / ' +
      `the ${year} indicator set of “${group.projectCode}” is already held by ${holder}${reason.en}; a set may come from one ` +
      'file only, so correct that file or remove one of them',
  };
}
