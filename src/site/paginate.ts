/** One page of a paginated list. Templates see only this shape. */
export interface Page<T> {
  /** The items on this page. */
  items: T[]
  /** 1-based page number. */
  number: number
  /** Number of pages. */
  total: number
  /** 1-based position of the first item in the whole list. */
  start: number
  /** 1-based position of the last item in the whole list. */
  end: number
  /** Number of items in the whole list. */
  count: number
  /** Previous page number, `null` on the first page. */
  previous: number | null
  /** Next page number, `null` on the last page. */
  next: number | null
}

/** Split `items` into pages of `size`; an empty list has one empty page. */
export function paginate<T>(items: readonly T[], size: number): Page<T>[] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`Page size must be a positive integer, got ${size}`)
  const total = Math.max(1, Math.ceil(items.length / size))
  const pages: Page<T>[] = []
  for (let number = 1; number <= total; number++) {
    const from = (number - 1) * size
    const slice = items.slice(from, from + size)
    pages.push({
      items: slice,
      number,
      total,
      start: slice.length === 0 ? 0 : from + 1,
      end: from + slice.length,
      count: items.length,
      previous: number > 1 ? number - 1 : null,
      next: number < total ? number + 1 : null,
    })
  }
  return pages
}

/**
 * Page numbers to show in a page navigation: first, last, and a window around `current`,
 * with `null` where numbers are left out.
 */
export function pageWindow(current: number, total: number, radius = 2): (number | null)[] {
  const shown: (number | null)[] = []
  let previous = 0
  for (let n = 1; n <= total; n++) {
    if (n === 1 || n === total || Math.abs(n - current) <= radius) {
      if (n - previous > 1) shown.push(null)
      shown.push(n)
      previous = n
    }
  }
  return shown
}
