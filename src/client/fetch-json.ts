import { gunzipSync } from 'fflate'

/**
 * Past this many compressed bytes a file is decompressed as a stream, a slice at a time: a
 * large tail (400 kB at 250,000 papers) inflated in one go would hold up a keystroke. Below
 * it (document chunks, most shards), inflating in place takes a fraction of a millisecond,
 * where `DecompressionStream` took 5–45 ms per chunk through its stream plumbing while a
 * keystroke's ten chunks decompressed at once.
 */
const streamFrom = 32 * 1024

/** Fetch a JSON file that may be gzipped by us (or already decompressed by the server). */
export async function fetchJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(url, signal ? { signal } : {})
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`)
  const bytes = new Uint8Array(await response.arrayBuffer())
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return JSON.parse(new TextDecoder().decode(bytes)) as T
  if (bytes.length < streamFrom) return JSON.parse(new TextDecoder().decode(gunzipSync(bytes))) as T
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))
  return JSON.parse(await new Response(stream).text()) as T
}

/** Load once per key; a failed load is forgotten (unless the key was given to another load since), so the next use retries. */
export function cached<K, T>(cache: Map<K, Promise<T>>, key: K, load: () => Promise<T>): Promise<T> {
  let entry = cache.get(key)
  if (!entry) {
    const loading = load()
    loading.catch(() => {
      if (cache.get(key) === loading) cache.delete(key)
    })
    cache.set(key, loading)
    entry = loading
  }
  return entry
}
