import { html } from './html.js'
import { page } from './layout.js'

/** The page shown for a refused portal request (an unknown package, a bad filter), with its reason. */
export function errorPage(status: number, message: string): string {
  return page(`Error ${status}`, html`<h1>${status === 404 ? 'Not found' : 'Cannot show this page'}</h1><section><p id="error">${message}</p></section>`)
}
