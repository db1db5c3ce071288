/**
 * Integer division rounded half away from zero ("round half up" on the magnitude, the way
 * finance staff round by hand: 0.005 → 0.01 and −0.005 → −0.01). Exact on bigints, so no
 * binary-fraction surprise can ever reach a printed figure.
 */
export function divRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) {
    throw new RangeError('divRoundHalfUp: division by zero');
  }
  const negative = numerator < 0n !== denominator < 0n;
  const a = numerator < 0n ? -numerator : numerator;
  const b = denominator < 0n ? -denominator : denominator;
  const q = (2n * a + b) / (2n * b);
  return negative ? -q : q;
}
