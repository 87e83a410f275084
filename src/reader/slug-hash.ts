/**
 * FNV-1a, 32 bits, over the UTF-8 bytes of `value`, as 8 hex digits. Not for security: a short
 * name for a string that is the same in every build, on every platform, in Node and browsers.
 */
export function shortHash(value: string): string {
  let hash = 0x811c9dc5
  for (const byte of new TextEncoder().encode(value)) {
    hash ^= byte
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0).toString(16).padStart(8, '0')
}
