export { freshDatabase, testServerUrl, type FreshDatabase } from './fresh-database.js'
export { startPostgresProxy, type TcpProxy } from './tcp-proxy.js'
