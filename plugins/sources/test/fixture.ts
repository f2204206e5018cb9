import { readFileSync } from 'node:fs'

/** Reads a test fixture (real records, see test/fixtures/README.md). */
export function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')
}
