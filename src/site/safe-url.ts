/** Parse `value` as an absolute http(s) URL; anything else (javascript:, relative, junk) is `undefined`. */
export function safeHttpUrl(value: string): URL | undefined {
  const trimmed = value.trim()
  if (!/^https?:\/\//i.test(trimmed)) return undefined
  try {
    const url = new URL(trimmed)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined
  } catch {
    return undefined
  }
}
