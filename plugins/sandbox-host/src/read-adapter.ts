import { createHash } from 'node:crypto'
import { isAbsolute, join, relative } from 'node:path'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { adapterContracts, type AdapterKind, AdapterManifest } from './adapter-manifest.js'
import { openAdapterPackage, type AdapterPackage } from './adapter-package.js'
import { requestedCapabilities, type Capabilities } from './capabilities/grants.js'
import type { OperatorMaxima } from './config.js'
import {
  AdapterBundleMismatch, AdapterKindUnsupported, AdapterLimitAboveMaximum,
  AdapterManifestInvalid, AdapterUnreadable,
} from './errors.js'

/** An adapter (folder or .tgz) that passed every install check, with its bundle's source. */
export interface InstalledAdapter {
  /** The adapter folder, or the .tgz it was read from. */
  readonly path: string
  readonly manifest: AdapterManifest
  readonly bundleFile: string
  readonly source: string
  /** The capabilities its manifest requests; only those the operator also grants reach its ctx. */
  readonly requested: Capabilities
  /** package.json's `name`: with the manifest name, who the host keeps kv values and cursors for. */
  readonly packageName?: string
}

const checkManifest = TypeCompiler.Compile(AdapterManifest)

/**
 * Reads an adapter folder, or the .tgz `npm pack` made of one (see openAdapterPackage), and
 * refuses it, with a coded error naming the file and field, unless:
 * package.json and aether-adapter.json are JSON, the manifest follows the format, the capabilities
 * it requests exist and are well formed, its input and output are its kind's contracts, its limits
 * are within `maxima`, and the bundle's sha512 is the one recorded.
 */
export async function readAdapter(path: string, maxima: OperatorMaxima): Promise<InstalledAdapter> {
  const files = await openAdapterPackage(path)
  const packageJson = await readJson(files, 'package.json') as { name?: unknown }
  const manifestFile = files.describe('aether-adapter.json')
  const manifest = await readJson(files, 'aether-adapter.json')
  const issue = checkManifest.Errors(manifest).First()
  if (issue !== undefined) throw new AdapterManifestInvalid([manifestFile, fieldOf(issue.path), issue.message])
  if (!checkManifest.Check(manifest)) throw new AdapterManifestInvalid([manifestFile, '(root)', 'does not match the schema'])

  const requested = requestedCapabilities(manifest.capabilities, manifestFile)
  const contracts = adapterContracts[manifest.kind] as (typeof adapterContracts)[AdapterKind] | undefined
  if (contracts === undefined) throw new AdapterKindUnsupported([manifestFile, manifest.kind])
  const aKind = `${/^[aeiou]/.test(manifest.kind) ? 'an' : 'a'} ${manifest.kind}`
  if (manifest.input !== contracts.input) {
    throw new AdapterManifestInvalid([manifestFile, 'input', `${aKind} reads "${contracts.input}", not "${manifest.input}"`])
  }
  if (!contracts.outputs.includes(manifest.output)) {
    throw new AdapterManifestInvalid([manifestFile, 'output', `${aKind} returns ${contracts.outputs.map((c) => `"${c}"`).join(' or ')}, not "${manifest.output}"`])
  }
  for (const field of ['timeoutMs', 'memoryMb', 'maxOutputBytes', 'cpuMsPerDay'] as const) {
    const limit = manifest.limits[field]
    if (limit !== undefined && limit > maxima[field]) throw new AdapterLimitAboveMaximum([manifestFile, `limits.${field}`, limit, maxima[field]])
  }

  // Checked on the path alone, the same for a folder and a tarball (whose path stands in for a folder).
  const inside = relative(path, join(path, manifest.entry))
  if (isAbsolute(manifest.entry) || inside.startsWith('..') || inside === '') {
    throw new AdapterManifestInvalid([manifestFile, 'entry', `"${manifest.entry}" is not a file inside the adapter package`])
  }
  const bundleFile = files.describe(inside)
  const bundle = await files.read(inside)
  const actual = createHash('sha512').update(bundle).digest('hex')
  if (actual !== manifest.sha512) throw new AdapterBundleMismatch([bundleFile, manifest.sha512, actual])
  const packageName = typeof packageJson.name === 'string' ? packageJson.name : undefined
  return { path, manifest, bundleFile, source: bundle.toString('utf8'), requested, ...(packageName === undefined ? {} : { packageName }) }
}

async function readJson(files: AdapterPackage, name: string): Promise<unknown> {
  const text = (await files.read(name)).toString('utf8')
  const file = files.describe(name)
  try {
    const value: unknown = JSON.parse(text)
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new SyntaxError('it is not a JSON object')
    return value
  } catch (error) {
    throw new AdapterUnreadable([file, `not a JSON object (${(error as Error).message})`], { cause: error })
  }
}

/** `/limits/timeoutMs` as `limits.timeoutMs`. */
function fieldOf(path: string): string {
  return path === '' ? '(root)' : path.slice(1).replaceAll('/', '.')
}
