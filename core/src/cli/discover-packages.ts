import { readdir, readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'

/** An installed package that declares itself to Aether in its package.json. */
export interface AetherPackage {
  name: string
  version: string
  dir: string
  /** The folder whose node_modules holds it: import the package by name from here. */
  resolveFrom: string
  /** True when the package exports a plugin. */
  hasPlugin: boolean
  /** True when the package contributes CLI commands. */
  hasCommands: boolean
  /**
   * The top-level commands it contributes to (`"commands": ["registry", "plugin"]` in its
   * `aether` key), so that `aether <command>` imports only the packages that add to it;
   * undefined when it says only `true`, and then it is always imported.
   */
  commandNames?: string[]
}

/**
 * Finds installed packages whose package.json has an `aether` key, in every node_modules folder
 * from each of `startDirs` up to the file system root (the folders Node itself would look in).
 * A package found from an earlier start folder wins.
 */
export async function discoverPackages(startDirs: string[]): Promise<AetherPackage[]> {
  const found = new Map<string, AetherPackage>()
  for (const startDir of startDirs) {
    for (let dir = startDir; ; dir = dirname(dir)) {
      for (const packageDir of await packageDirs(join(dir, 'node_modules'))) {
        const described = await describe(packageDir, dir)
        if (described !== undefined && !found.has(described.name)) found.set(described.name, described)
      }
      if (dirname(dir) === dir) break
    }
  }
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name))
}

async function packageDirs(nodeModules: string): Promise<string[]> {
  const entries = await readdir(nodeModules, { withFileTypes: true }).catch(() => [])
  const dirs: string[] = []
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue
    if (entry.name.startsWith('@')) {
      const scoped = await readdir(join(nodeModules, entry.name)).catch(() => [])
      dirs.push(...scoped.map((name) => join(nodeModules, entry.name, name)))
    } else {
      dirs.push(join(nodeModules, entry.name))
    }
  }
  return dirs
}

async function describe(dir: string, resolveFrom: string): Promise<AetherPackage | undefined> {
  try {
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as {
      name?: string; version?: string; aether?: { plugin?: boolean; commands?: boolean | string[] }
    }
    if (pkg.aether === undefined || pkg.name === undefined) return undefined
    return {
      name: pkg.name, version: pkg.version ?? '0.0.0', dir, resolveFrom,
      hasPlugin: pkg.aether.plugin === true,
      hasCommands: pkg.aether.commands === true || Array.isArray(pkg.aether.commands),
      ...(Array.isArray(pkg.aether.commands) ? { commandNames: pkg.aether.commands.map(String) } : {}),
    }
  } catch {
    return undefined
  }
}
