/** 绩效等级 from a score: ≥ 90 优, ≥ 80 良, ≥ 60 中, else 差 (docs/contract.md §4.2). */
export const GRADES = ['优', '良', '中', '差'] as const;
export type Grade = (typeof GRADES)[number];

export const GRADE_EN: Readonly<Record<Grade, string>> = {
  优: 'excellent',
  良: 'good',
  中: 'fair',
  差: 'poor',
};

/** @param scoreHundredths the score in 0.01 points, so 89.995 can never round its way into 优. */
export function gradeOf(scoreHundredths: bigint): Grade {
  if (scoreHundredths >= 9000n) return '优';
  if (scoreHundredths >= 8000n) return '良';
  if (scoreHundredths >= 6000n) return '中';
  return '差';
}
