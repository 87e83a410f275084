/** Fetch a JSON file that may be gzipped by us (or already decompressed by the server). */
export async function fetchJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(url, signal ? { signal } : {})
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`)
  const bytes = new Uint8Array(await response.arrayBuffer())
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))
    return JSON.parse(await new Response(stream).text()) as T
  }
  return JSON.parse(new TextDecoder().decode(bytes)) as T
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
