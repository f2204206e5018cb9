/**
 * The publisher of a package: its npm scope without the `@` (`@acme/x` → `acme`). Scopes are
 * how the registry groups an author's packages; an unscoped package has no publisher page.
 */
export function publisherOf(packageName: string): string | null {
  return packageName.startsWith('@') && packageName.includes('/') ? packageName.slice(1, packageName.indexOf('/')) : null
}
