export { freshDatabase, testServerUrl, type FreshDatabase } from './fresh-database.js'
export { startTcpProxy, type TcpProxy } from './tcp-proxy.js'
