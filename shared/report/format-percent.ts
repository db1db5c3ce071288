/**
 * A 4-decimal rate as the reports write a percentage: no needless decimals ("100%", "98.5%",
 * "98.77%"). Built from integer basis points, so 0.9877 never prints as 98.77000000000001%.
 */
export function formatPercent(rate: number): string {
  const basisPoints = Math.round(rate * 10_000);
  const negative = basisPoints < 0;
  const abs = Math.abs(basisPoints);
  const whole = Math.floor(abs / 100);
  const decimals = String(abs % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${decimals === '' ? '' : `.${decimals}`}%`;
}

/** 百分点 as the circulars write them, from a value already rounded to 2 decimals: −2.85 → "-2.85", 3 → "3". */
export function formatPoints(points: number): string {
  return formatPercent(Math.round(points * 100) / 10_000).replace('%', '');
}
