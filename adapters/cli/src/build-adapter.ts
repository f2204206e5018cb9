import { createHash } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { Type, type Static } from '@sinclair/typebox'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { AdapterKind, AdapterLimits, type AdapterManifest } from '@aether/plugin-sandbox-host'
import { build, type Message, type Plugin } from 'esbuild'
import { defaultEngine, defaultLimits, kindContracts } from './adapter-kinds.js'
import { AdapterBuildFailed, AdapterPackageInvalid } from './errors.js'

/** The `aetherAdapter` section of an adapter's package.json: what the author decides; the build adds the rest. */
const AdapterPackageSection = Type.Object({
  kind: AdapterKind,
  /** Defaults to the package name. */
  name: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9._-]{0,99}$' })),
  engine: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  /** The module whose default export is the adapter; defaults to src/index.ts. */
  source: Type.Optional(Type.String({ minLength: 1 })),
  capabilities: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 20 })),
  limits: Type.Optional(AdapterLimits),
  configSchema: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  /** The output contract, for a kind that has a choice (a source: signal.v1 or telemetry.v1); defaults to the kind's first. */
  output: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
}, { additionalProperties: false })
type AdapterPackageSection = Static<typeof AdapterPackageSection>
const checkSection = TypeCompiler.Compile(AdapterPackageSection)

/** Where the bundle goes, relative to the adapter folder. */
export const bundleEntry = 'dist/adapter.js'

/** An adapter's bundle and the manifest that records its hash, before anything is written. */
export interface AdapterBundle {
  manifest: AdapterManifest
  bundle: Uint8Array
}

/** What `adapter build` wrote. */
export interface BuiltAdapter {
  manifest: AdapterManifest
  manifestFile: string
  bundleFile: string
  bundleBytes: number
}

/**
 * Bundles an adapter folder's source with esbuild into one script that sets `globalThis.adapter`
 * (an IIFE with no import and no require: the isolate has neither), with the manifest that
 * records its sha512. The same folder gives the same bytes wherever it is built from.
 */
export async function bundleAdapter(adapterFolder: string): Promise<AdapterBundle> {
  const folder = resolve(adapterFolder)
  const { section, name, version } = await readAdapterPackage(folder)
  const source = section.source ?? 'src/index.ts'
  const result = await build({
    // The author's module exports the adapter; this wrapper is what makes it the global.
    stdin: {
      contents: `import adapter from ${JSON.stringify(`./${source}`)}\nglobalThis.adapter = adapter\n`,
      resolveDir: folder, sourcefile: 'aether-adapter-entry.js', loader: 'js',
    },
    // Paths in the bundle's comments are relative to the folder, not to where the CLI was run.
    absWorkingDir: folder,
    bundle: true, format: 'iife', platform: 'neutral', mainFields: ['module', 'main'], target: 'es2022',
    write: false, logLevel: 'silent', legalComments: 'none', charset: 'utf8',
    plugins: [sdkFallback],
  }).catch((error: unknown) => {
    const errors = (error as { errors?: Message[] }).errors
    if (errors === undefined) throw error
    throw new AdapterBuildFailed([folder, errors.map(describeMessage).join('; ')], { cause: error })
  })
  const requires = result.warnings.filter((warning) => /require/.test(warning.text))
  if (requires.length > 0) {
    throw new AdapterBuildFailed([folder, `${requires.map(describeMessage).join('; ')}. The sandbox has no require: import what you need so that it is bundled, and nothing from Node`])
  }
  const bundle = result.outputFiles[0]?.contents
  if (bundle === undefined) throw new AdapterBuildFailed([folder, 'esbuild wrote no output'])
  const contracts = kindContracts(section.kind, section.output)
  if (typeof contracts === 'string') throw new AdapterPackageInvalid([join(folder, 'package.json'), `aetherAdapter.output: ${contracts}`])
  const manifest: AdapterManifest = {
    kind: section.kind, name, version, engine: section.engine ?? defaultEngine, entry: bundleEntry,
    capabilities: section.capabilities ?? [], limits: section.limits ?? defaultLimits,
    ...(section.configSchema === undefined ? {} : { configSchema: section.configSchema }),
    input: contracts.input, output: contracts.output,
    sha512: createHash('sha512').update(bundle).digest('hex'),
  }
  return { manifest, bundle }
}

/** `aether adapter build`: bundles the folder and writes dist/adapter.js and aether-adapter.json. */
export async function buildAdapter(folder: string): Promise<BuiltAdapter> {
  const { manifest, bundle } = await bundleAdapter(folder)
  const bundleFile = join(folder, bundleEntry)
  await mkdir(dirname(bundleFile), { recursive: true })
  await writeFile(bundleFile, bundle)
  const manifestFile = join(folder, 'aether-adapter.json')
  await writeFile(manifestFile, manifestText(manifest))
  return { manifest, manifestFile, bundleFile, bundleBytes: bundle.byteLength }
}

/**
 * Whether a folder's committed dist/adapter.js and aether-adapter.json are exactly what its
 * source builds to now: an adapter shipped built must be, or its recorded sha512 vouches for
 * code nobody can read in its source.
 */
export async function isBuildCurrent(folder: string): Promise<{ isBundleCurrent: boolean; isManifestCurrent: boolean }> {
  const { manifest, bundle } = await bundleAdapter(folder)
  const [committedBundle, committedManifest] = await Promise.all([
    readFile(join(folder, bundleEntry)).catch(() => undefined),
    readFile(join(folder, 'aether-adapter.json'), 'utf8').catch(() => undefined),
  ])
  return { isBundleCurrent: committedBundle?.equals(bundle) === true, isManifestCurrent: committedManifest === manifestText(manifest) }
}

/** The manifest as `adapter build` writes it. */
export function manifestText(manifest: AdapterManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`
}

async function readAdapterPackage(folder: string): Promise<{ section: AdapterPackageSection; name: string; version: string }> {
  const file = join(folder, 'package.json')
  let pkg: { name?: unknown; version?: unknown; aetherAdapter?: unknown }
  try {
    pkg = JSON.parse(await readFile(file, 'utf8')) as typeof pkg
  } catch (error) {
    throw new AdapterPackageInvalid([file, `it could not be read as JSON (${(error as Error).message})`], { cause: error })
  }
  if (pkg.aetherAdapter === undefined) throw new AdapterPackageInvalid([file, 'it has no "aetherAdapter" section'])
  const issue = checkSection.Errors(pkg.aetherAdapter).First()
  if (issue !== undefined) throw new AdapterPackageInvalid([file, `aetherAdapter${issue.path.replaceAll('/', '.')} ${issue.message}`])
  const section = pkg.aetherAdapter as AdapterPackageSection
  const name = section.name ?? pkg.name
  if (typeof name !== 'string' || !/^[a-z0-9][a-z0-9._-]{0,99}$/.test(name)) {
    throw new AdapterPackageInvalid([file, `the adapter name ${JSON.stringify(name)} is not valid; set aetherAdapter.name (lowercase letters, digits, ".", "_", "-")`])
  }
  if (typeof pkg.version !== 'string' || !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(pkg.version)) {
    throw new AdapterPackageInvalid([file, `"version" must be a semver version such as 1.0.0, not ${JSON.stringify(pkg.version)}`])
  }
  return { section, name, version: pkg.version }
}

const sdkEntry = createRequire(import.meta.url).resolve('@aether/adapter-sdk')

/**
 * An adapter folder outside a workspace (a new author's) has no node_modules: its SDK import is
 * then served by the SDK this CLI was installed with, so a scaffold builds with no install.
 */
const sdkFallback: Plugin = {
  name: 'aether-adapter-sdk-fallback',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^@aether\/adapter-sdk$/ }, async (args) => {
      if (args.pluginData === sdkFallback) return undefined
      const own = await esbuild.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: sdkFallback })
      return own.errors.length === 0 ? own : { path: sdkEntry }
    })
  },
}

function describeMessage(message: Message): string {
  const where = message.location === null ? '' : `${message.location.file}:${message.location.line}:${message.location.column}: `
  return `${where}${message.text}`
}
