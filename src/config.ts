import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

/** Site-wide settings. Every field has a default; `papershelf.config.json` overrides any of them. */
export interface Config {
  /** Site name, shown in the header and in `<title>`. */
  title: string
  /** Folder of listing files. */
  content: string
  /** Output folder. */
  out: string
  /** URL path the site is served under, with leading and trailing `/` (e.g. `/papers/`). */
  base: string
  /** Papers per listing page. */
  pageSize: number
  /** Absolute origin (e.g. `https://papers.example.org`) for sitemap and canonical URLs; empty for relative ones. */
  siteUrl: string
  /** Display names of venues by key (`nips` → `NeurIPS`); unknown keys are shown upper-cased. */
  venues: Record<string, string>
}

export const defaultVenueNames: Record<string, string> = {
  aaai: 'AAAI',
  acl: 'ACL',
  aistats: 'AISTATS',
  colt: 'COLT',
  coling: 'COLING',
  corl: 'CoRL',
  cvpr: 'CVPR',
  eccv: 'ECCV',
  emnlp: 'EMNLP',
  iccv: 'ICCV',
  iclr: 'ICLR',
  icml: 'ICML',
  ijcai: 'IJCAI',
  kdd: 'KDD',
  naacl: 'NAACL',
  neurips: 'NeurIPS',
  nips: 'NeurIPS',
  sigir: 'SIGIR',
  tmlr: 'TMLR',
  uai: 'UAI',
  wacv: 'WACV',
  www: 'WWW',
}

export const defaultConfig: Config = {
  title: 'papershelf',
  content: 'content',
  out: 'dist',
  base: '/',
  pageSize: 50,
  siteUrl: '',
  venues: defaultVenueNames,
}

export const configFileName = 'papershelf.config.json'

/** Read `papershelf.config.json` from `cwd` if there is one, then apply `overrides`. */
export function loadConfig(cwd: string, overrides: Partial<Config>, configPath?: string): Config {
  const path = resolve(cwd, configPath ?? configFileName)
  let fromFile: Partial<Config> = {}
  try {
    fromFile = JSON.parse(readFileSync(path, 'utf8')) as Partial<Config>
  } catch (error) {
    if (configPath !== undefined || (error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new Error(`Cannot read config ${path}: ${(error as Error).message}`, { cause: error })
    }
  }
  const merged: Config = {
    ...defaultConfig,
    ...fromFile,
    ...overrides,
    venues: { ...defaultVenueNames, ...fromFile.venues, ...overrides.venues },
  }
  return validateConfig(merged)
}

export function validateConfig(config: Config): Config {
  if (!Number.isInteger(config.pageSize) || config.pageSize < 1 || config.pageSize > 10_000) {
    throw new Error(`Invalid page size ${config.pageSize}: expected a whole number from 1 to 10000`)
  }
  return { ...config, base: normalizeBase(config.base), siteUrl: config.siteUrl.replace(/\/+$/, '') }
}

/** `papers` → `/papers/`; `/` stays `/`. */
export function normalizeBase(base: string): string {
  const trimmed = base.trim().replace(/^\/+|\/+$/g, '')
  if (/[?#\\]|(^|\/)\.\.?(\/|$)/.test(trimmed)) throw new Error(`Invalid base path ${base}: expected a URL path such as /papers/`)
  return trimmed === '' ? '/' : `/${trimmed}/`
}

export function venueName(config: Config, venue: string): string {
  return config.venues[venue] ?? venue.toUpperCase()
}
