import { RecordedFetch } from './recorded-fetch.js'

/** The recorded traffic format's JSON Schema as published in schema/recorded-fetch.schema.json. */
export function recordedFetchSchemaText(): string {
  return `${JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', ...RecordedFetch }, null, 2)}\n`
}
