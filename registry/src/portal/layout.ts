import { html, SafeHtml } from './html.js'

/** Where the portal lives: under `/-/`, which npm package names can never start with. */
export const portalBase = '/-/portal'

/** The portal's link to a package's page (scoped names unescaped, as the route accepts them). */
export function packageHref(name: string, version?: string): string {
  return `${portalBase}/packages/${name}${version === undefined ? '' : `?version=${encodeURIComponent(version)}`}`
}

/** The portal's link to a publisher's page. */
export function publisherHref(publisher: string): string {
  return `${portalBase}/publishers/${encodeURIComponent(publisher)}`
}

const style = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1d232a; background: #f6f7f9; }
header { background: #1d2a3a; color: #fff; padding: .7rem 1.5rem; } header a { color: #fff; text-decoration: none; font-weight: 600; margin-right: 1.2rem; }
main { max-width: 68rem; margin: 1.5rem auto; padding: 0 1.5rem; }
section, form.search, ol.results > li { background: #fff; border: 1px solid #d8dde3; border-radius: .4rem; padding: .8rem 1rem; margin-bottom: 1rem; }
h1 { font-size: 1.45rem; margin: .3rem 0 .8rem; } h2 { font-size: 1.15rem; margin: .2rem 0 .6rem; }
a { color: #1a5fb4; } code, pre { font: .85rem ui-monospace, monospace; } pre { background: #f0f2f5; padding: .6rem; overflow-x: auto; white-space: pre-wrap; }
form.search { display: flex; flex-wrap: wrap; gap: .6rem 1rem; align-items: end; } form.search label { display: flex; flex-direction: column; font-size: .85rem; color: #4b5563; }
form.search input, form.search select { font: inherit; padding: .25rem .4rem; } form.search input[name=q] { width: 18rem; }
ol.results { list-style: none; padding: 0; } .muted { color: #5b6470; font-size: .9rem; }
.badge { display: inline-block; padding: .05rem .45rem; border-radius: .3rem; font-size: .8rem; color: #fff; background: #6b7280; vertical-align: middle; }
.certified, .pass { background: #1f7a3a; } .rejected, .fail, .yanked { background: #b3261e; } .deprecated { background: #a15c00; } .submitted, .testing, .skip { background: #6b7280; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid #e3e7eb; }
td ul { margin: 0; padding-left: 1.1rem; } nav.pages a { margin-right: 1rem; } .none { font-style: italic; color: #5b6470; }`

/** A whole portal page: self-contained (inline style, no script, nothing fetched). */
export function page(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Aether registry</title><style>${new SafeHtml(style)}</style></head>
<body><header><a href="${portalBase}">Aether registry</a><a href="/docs">API</a></header>
<main>${body}</main></body></html>
`.text
}

/** The headers every portal page is sent with: no script may run, whatever a package says. */
export const portalHeaders = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
}
