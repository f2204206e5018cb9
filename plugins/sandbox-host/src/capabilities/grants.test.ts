import { describe, expect, it } from 'vitest'
import { grantedCapabilities, parseFetchTarget, requestedCapabilities } from './grants.js'

describe('requestedCapabilities', () => {
  it('reads fetch hosts and kv from a manifest', () => {
    expect(requestedCapabilities(['fetch:API.Example.com.', 'fetch:[::1]:8080', 'kv'], 'm.json')).toEqual({
      fetch: [{ host: 'api.example.com', port: undefined }, { host: '[::1]', port: 8080 }], kv: true,
    })
    expect(requestedCapabilities([], 'm.json')).toEqual({ fetch: [], kv: false })
  })

  it('refuses capabilities that do not exist, and malformed hosts', () => {
    expect(() => requestedCapabilities(['fs', 'kv'], 'm.json')).toThrow(expect.objectContaining({ code: 'AETHER_E_SANDBOX_CAPABILITIES_UNSUPPORTED' }))
    for (const bad of ['fetch:', 'fetch:a.example/path', 'fetch:user@a.example', 'fetch:http://a.example', 'fetch:a.example:0', 'fetch:a.example:99999']) {
      expect(() => requestedCapabilities([bad], 'm.json'), bad).toThrow(expect.objectContaining({ code: 'AETHER_E_SANDBOX_MANIFEST_INVALID' }))
    }
  })
})

describe('parseFetchTarget', () => {
  it('wants hosts in canonical form, so a numeric spelling never silently names an address', () => {
    expect(parseFetchTarget('127.0.0.1:4000')).toEqual({ host: '127.0.0.1', port: 4000 })
    expect(parseFetchTarget('2130706433')).toBe('write the host as "127.0.0.1"')
    expect(parseFetchTarget('0x7f.1')).toBe('write the host as "127.0.0.1"')
    expect(parseFetchTarget('[::ffff:127.0.0.1]')).toBe('write the host as "[::ffff:7f00:1]"')
  })
})

describe('grantedCapabilities', () => {
  const requested = requestedCapabilities(['fetch:api.example.com', 'fetch:127.0.0.1:4000', 'kv'], 'm.json')

  it('gives what is both requested and granted, and lists what was requested but not granted', () => {
    expect(grantedCapabilities(requested, ['fetch=API.example.com'], 'adapters/a')).toEqual({
      granted: { fetch: [{ host: 'api.example.com', port: undefined }], kv: false }, ungranted: ['fetch:127.0.0.1:4000', 'kv'],
    })
    expect(grantedCapabilities(requested, [], 'adapters/a').granted).toEqual({ fetch: [], kv: false })
  })

  it('refuses a grant the manifest does not request (a port or host that differs is another target)', () => {
    for (const grant of ['fetch=api.example.com:8443', 'fetch=127.0.0.1', 'fetch=evil.example', 'fs', 'fetch=a b']) {
      expect(() => grantedCapabilities(requested, [grant], 'adapters/a'), grant).toThrow(expect.objectContaining({ code: 'AETHER_E_SANDBOX_GRANT_INVALID' }))
    }
    expect(() => grantedCapabilities(requestedCapabilities([], 'm.json'), ['kv'], 'adapters/a')).toThrow(/which its manifest does not request/)
  })
})
