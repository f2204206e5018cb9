import { readFile } from 'node:fs/promises'
import { dirname, isAbsolute, join, normalize, sep } from 'node:path'
import { Value } from '@sinclair/typebox/value'
import { ConformanceRecordingsInvalid } from '../errors.js'
import { RecordedFetch, recordedFetchFile } from './recorded-fetch.js'

/** One recorded exchange, ready to match: names lower case, URL parsed, bodies read. */
export interface Recording {
  method: string
  url: string
  headers: Record<string, string>
  body?: string
  responses: Array<{ status: number; headers: Record<string, string>; body: string }>
}

/** An adapter package's recorded traffic; none when it ships no recorded-fetch.json. */
export interface Recordings {
  /** The file, relative to the adapter, as evidence names it. */
  file: string
  exchanges: Recording[]
}

const lowerKeys = (headers: Record<string, string> | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]))

/**
 * Reads `<adapter>/conformance/recorded-fetch.json`, checks it against its schema and reads each
 * bodyFile (a file inside the conformance folder). A package without the file has no recordings:
 * every fetch it makes is then outside its recorded traffic. Throws
 * AETHER_E_CONFORMANCE_RECORDINGS_INVALID for a file that is there but unusable.
 */
export async function readRecordings(adapterFolder: string): Promise<Recordings> {
  const file = join(adapterFolder, recordedFetchFile)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { file: recordedFetchFile, exchanges: [] }
    throw new ConformanceRecordingsInvalid([recordedFetchFile, (error as Error).message], { cause: error })
  }
  const invalid = (problem: string, cause?: unknown) => new ConformanceRecordingsInvalid([recordedFetchFile, problem], { cause })
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw invalid(`it is not JSON (${(error as Error).message})`, error)
  }
  const problem = Value.Errors(RecordedFetch, value).First()
  if (problem !== undefined) throw invalid(`${problem.path || '/'} ${problem.message}`)
  const folder = dirname(file)
  const exchanges: Recording[] = []
  for (const [index, exchange] of (value as RecordedFetch).exchanges.entries()) {
    let url: string
    try {
      url = new URL(exchange.request.url).href
    } catch (error) {
      throw invalid(`/exchanges/${index}/request/url is not an absolute URL`, error)
    }
    const responses: Recording['responses'] = []
    for (const [at, response] of exchange.responses.entries()) {
      const where = `/exchanges/${index}/responses/${at}`
      if (response.body !== undefined && response.bodyFile !== undefined) throw invalid(`${where} has both body and bodyFile`)
      let body = response.body ?? ''
      if (response.bodyFile !== undefined) {
        const path = normalize(response.bodyFile)
        if (isAbsolute(path) || path === '..' || path.startsWith(`..${sep}`)) throw invalid(`${where}/bodyFile ${JSON.stringify(response.bodyFile)} is not a path inside the conformance folder`)
        body = await readFile(join(folder, path), 'utf8').catch((error: unknown) => { throw invalid(`${where}/bodyFile ${response.bodyFile} cannot be read (${(error as Error).message.replace(adapterFolder, '<adapter>')})`, error) })
      }
      responses.push({ status: response.status, headers: lowerKeys(response.headers), body })
    }
    exchanges.push({
      method: exchange.request.method ?? 'GET', url, headers: lowerKeys(exchange.request.headers),
      ...(exchange.request.body === undefined ? {} : { body: exchange.request.body }), responses,
    })
  }
  return { file: recordedFetchFile, exchanges }
}
