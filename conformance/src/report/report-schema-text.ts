import { ConformanceReport } from './conformance-report.js'

/** The report's JSON Schema as published in schema/conformance-report.schema.json. */
export function reportSchemaText(): string {
  return `${JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', ...ConformanceReport }, null, 2)}\n`
}
