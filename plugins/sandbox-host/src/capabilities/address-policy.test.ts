import { describe, expect, it } from 'vitest'
import { isIpAddress, refusedAddress } from './address-policy.js'

describe('refusedAddress', () => {
  it.each([
    ['8.8.8.8'], ['1.1.1.1'], ['93.184.216.34'], ['172.32.0.1'], ['100.128.0.1'], ['192.169.0.1'], ['11.0.0.1'],
    ['2606:4700:4700::1111'], ['2a00:1450:4001:80b::200e'], ['[2001:4860:4860::8888]'],
  ])('lets the public address %s through', (address) => {
    expect(refusedAddress(address)).toBeUndefined()
  })

  it.each([
    ['127.0.0.1', 'loopback'], ['127.255.255.254', 'loopback'], ['::1', 'loopback'], ['[::1]', 'loopback'], ['0:0:0:0:0:0:0:1', 'loopback'],
    ['10.0.0.1', 'private'], ['172.16.0.1', 'private'], ['172.31.255.255', 'private'], ['192.168.1.1', 'private'],
    ['169.254.1.1', 'link-local'], ['fe80::1', 'link-local'], ['febf::1', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'], ['100.127.255.255', 'carrier-grade NAT'],
    ['169.254.169.254', 'metadata'], ['fd00:ec2::254', 'metadata'],
    ['0.0.0.0', 'unspecified'], ['0.1.2.3', 'unspecified'], ['::', 'unspecified'],
    ['fc00::1', 'unique-local'], ['fdff:ffff::1', 'unique-local'],
    ['224.0.0.1', 'multicast'], ['239.255.255.250', 'multicast'], ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'], ['240.0.0.1', 'reserved'],
    ['::ffff:127.0.0.1', 'IPv4-mapped'], ['::ffff:7f00:1', 'IPv4-mapped'], ['::ffff:8.8.8.8', 'IPv4-mapped'], ['0:0:0:0:0:ffff:a00:1', 'IPv4-mapped'],
    ['::127.0.0.1', 'IPv4-compatible'], ['::7f00:1', 'IPv4-compatible'],
    ['64:ff9b::7f00:1', 'NAT64'], ['2002:7f00:1::', '6to4'], ['2001:0:4136:e378::1', 'Teredo'], ['2001:db8::1', 'documentation'],
    ['192.0.2.1', 'documentation'], ['198.18.0.1', 'benchmarking'], ['fec0::1', 'site-local'], ['3fff::1', undefined], ['4000::1', 'not a global unicast'],
  ])('refuses %s as %s', (address, why) => {
    if (why === undefined) expect(refusedAddress(address)).toBeUndefined()
    else expect(refusedAddress(address)).toContain(why)
  })

  it('refuses what is not an address at all (a name is for DNS to resolve first)', () => {
    expect(refusedAddress('localhost')).toBe('not an IP address')
    expect(refusedAddress('2130706433')).toBe('not an IP address')
    expect(refusedAddress('fe80::1%eth0')).toBe('not an IP address')
  })
})

describe('isIpAddress', () => {
  it('tells addresses from names', () => {
    expect([isIpAddress('127.0.0.1'), isIpAddress('[::1]'), isIpAddress('::ffff:7f00:1'), isIpAddress('example.com'), isIpAddress('0x7f.1')]).toEqual([true, true, true, false, false])
  })
})
