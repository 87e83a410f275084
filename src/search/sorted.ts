/**
 * The first index in `[0, length)` at which `before` turns false, where it is true for a run of
 * leading indices and false after (a binary search over anything sorted); `length` if never.
 */
export function partitionPoint(length: number, before: (i: number) => boolean): number {
  let lo = 0
  let hi = length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (before(mid)) lo = mid + 1
    else hi = mid
  }
  return lo
}
