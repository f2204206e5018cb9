import { createServer, connect, type Server, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'

/**
 * A TCP proxy on loopback in front of a real server, so a test can cut the connection (as a
 * network failure or a server crash would) without stopping the machine's shared server.
 */
export interface TcpProxy {
  /** host:port of the proxy. */
  readonly port: number
  /** Destroys every open connection and refuses new ones until restore(). */
  cut(): void
  restore(): void
  /** Cuts every connection once `bytes` more bytes have gone from clients to the server. */
  cutAfterClientBytes(bytes: number): void
  close(): Promise<void>
}

/** A proxy in front of the PostgreSQL server of `connectionString`, and that URL through the proxy. */
export async function startPostgresProxy(connectionString: string): Promise<{ proxy: TcpProxy; connectionString: string }> {
  const url = new URL(connectionString)
  const proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) })
  url.port = String(proxy.port)
  return { proxy, connectionString: url.toString() }
}

/** Starts a proxy on a free loopback port forwarding to `target`. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<[Socket, Socket]>()
  let isCut = false
  let bytesUntilCut: number | undefined
  const cutAll = (): void => {
    for (const [client, upstream] of pairs) {
      client.destroy()
      upstream.destroy()
    }
    pairs.clear()
  }
  const server: Server = createServer((client) => {
    if (isCut) {
      client.destroy()
      return
    }
    const upstream = connect(target.port, target.host)
    const pair: [Socket, Socket] = [client, upstream]
    pairs.add(pair)
    client.on('data', (chunk: Buffer) => {
      if (bytesUntilCut !== undefined) {
        bytesUntilCut -= chunk.length
        if (bytesUntilCut <= 0) {
          bytesUntilCut = undefined
          isCut = true
          cutAll()
          return
        }
      }
      upstream.write(chunk)
    })
    upstream.on('data', (chunk: Buffer) => client.write(chunk))
    const end = (): void => {
      client.destroy()
      upstream.destroy()
      pairs.delete(pair)
    }
    client.on('close', end)
    upstream.on('close', end)
    client.on('error', end)
    upstream.on('error', end)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as AddressInfo).port,
    cut: () => {
      isCut = true
      cutAll()
    },
    restore: () => { isCut = false },
    cutAfterClientBytes: (bytes) => { bytesUntilCut = bytes },
    close: () => {
      cutAll()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}
