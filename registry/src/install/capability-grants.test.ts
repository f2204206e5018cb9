import { describe, expect, it } from 'vitest'
import { decideGrants, grantOf } from './capability-grants.js'

const none = { grants: [], isYes: false }

describe('decideGrants', () => {
  it('grants nothing to an adapter that asks for nothing, without asking', async () => {
    expect(await decideGrants('a@1.0.0', [], none, undefined)).toEqual([])
  })

  it('grants what --grant names, in the sandbox host\'s grant syntax', async () => {
    expect(await decideGrants('a@1.0.0', ['fetch:api.example.com', 'kv'], { grants: ['fetch=api.example.com', 'kv'], isYes: false }, undefined)).toEqual(['fetch=api.example.com', 'kv'])
  })

  it('grants everything asked for with --yes', async () => {
    expect(await decideGrants('a@1.0.0', ['fetch:api.example.com:8443'], { grants: [], isYes: true }, undefined)).toEqual(['fetch=api.example.com:8443'])
  })

  it('asks about each capability on a terminal and keeps only what the operator accepts', async () => {
    const asked: string[] = []
    const ask = async (capability: string) => { asked.push(capability); return capability === 'kv' }
    expect(await decideGrants('a@1.0.0', ['fetch:api.example.com', 'kv'], { ...none, ask }, undefined)).toEqual(['kv'])
    expect(asked).toEqual(['fetch:api.example.com', 'kv'])
  })

  it('refuses, with no terminal, a capability nothing granted', async () => {
    await expect(decideGrants('a@1.0.0', ['kv'], none, undefined)).rejects.toMatchObject({ code: 'AETHER_E_REGISTRY_INSTALL_GRANT_REQUIRED', message: expect.stringContaining('--grant kv') })
  })

  it('keeps the locked version\'s decisions for what it asked for too, granted or not', async () => {
    const previous = { version: '1.0.0', certifiedCapabilities: ['kv', 'fetch:api.example.com'], grants: ['kv'] }
    expect(await decideGrants('a@1.1.0', ['fetch:api.example.com', 'kv'], none, previous)).toEqual(['kv'])
  })

  it('refuses an update asking for more than the locked version, naming the new capability only', async () => {
    const previous = { version: '1.0.0', certifiedCapabilities: ['kv'], grants: ['kv'] }
    await expect(decideGrants('a@2.0.0', ['fetch:evil.example', 'kv'], none, previous)).rejects.toMatchObject({
      code: 'AETHER_E_REGISTRY_INSTALL_CAPABILITY_ESCALATION', message: expect.stringMatching(/^a@2\.0\.0 asks for fetch:evil\.example, which the installed 1\.0\.0 did not.*--grant fetch=evil\.example/),
    })
  })

  it('refuses a --grant for something the adapter was not certified for', async () => {
    await expect(decideGrants('a@1.0.0', ['kv'], { grants: ['fetch=evil.example'], isYes: false }, undefined)).rejects.toMatchObject({ code: 'AETHER_E_SANDBOX_GRANT_INVALID' })
  })

  it('writes a fetch capability as a fetch grant', () => {
    expect([grantOf('fetch:127.0.0.1:8080'), grantOf('kv')]).toEqual(['fetch=127.0.0.1:8080', 'kv'])
  })
})
