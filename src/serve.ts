import { preview } from 'vite'
import { packageRoot } from './package-root.ts'

export interface ServeOptions {
  root: string
  base: string
  host: string
  port: number
}

/** Serve a built site with Vite's preview server (static files, 404.html, the base path). */
export async function serveSite(options: ServeOptions): Promise<void> {
  const server = await preview({
    root: packageRoot,
    configFile: false,
    base: options.base,
    appType: 'mpa',
    build: { outDir: options.root },
    preview: { host: options.host, port: options.port, strictPort: false, open: false },
  })
  server.printUrls()
}
