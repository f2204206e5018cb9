import { describe, expect, it } from 'vitest'
import { checkFetchUrl } from './fetch-guard.js'

const allowList = [{ host: 'allowed.example', port: undefined }, { host: '127.0.0.1', port: 4000 }, { host: 'localhost', port: undefined }]

describe('checkFetchUrl', () => {
  it('passes an allow-listed host name on its default port, however it is cased or dotted, for resolving', () => {
    // A backslash is a slash in http URLs: this one goes to allowed.example, path /@evil.example/.
    for (const url of ['https://allowed.example/a?b=1', 'http://ALLOWED.Example./x', 'https://allowed.example:443/', 'http://allowed.example\\@evil.example/']) {
      expect(checkFetchUrl(url, allowList)).toMatchObject({ host: 'allowed.example', address: undefined })
    }
  })

  it('passes the one address the operator granted, pinned, in any spelling of it', () => {
    for (const url of ['http://127.0.0.1:4000/', 'http://2130706433:4000/', 'http://0x7f.1:4000/']) {
      expect(checkFetchUrl(url, allowList)).toMatchObject({ host: '127.0.0.1', port: 4000, address: '127.0.0.1' })
    }
  })

  it.each([
    ['http://127.0.0.1/', 'loopback'], ['http://127.0.0.1:4001/', 'loopback'], ['http://127.0.0.2:4000/', 'loopback'],
    ['http://2130706433/', '127.0.0.1 is a loopback'], ['http://0177.0.0.1/', '127.0.0.1 is a loopback'], ['http://0x7f.1/', '127.0.0.1 is a loopback'],
    ['http://127.1/', 'loopback'], ['http://[::1]:4000/', 'loopback'], ['http://[::ffff:127.0.0.1]:4000/', 'IPv4-mapped'], ['http://[::ffff:7f00:1]:4000/', 'IPv4-mapped'],
    ['http://0.0.0.0:4000/', 'unspecified'], ['http://0:4000/', 'unspecified'], ['http://[::]:4000/', 'unspecified'],
    ['http://10.0.0.1/', 'private'], ['http://0xa000001/', 'private'], ['http://172.16.0.1/', 'private'], ['http://192.168.0.1/', 'private'],
    ['http://169.254.169.254/latest/meta-data/', 'metadata'], ['http://2852039166/', 'metadata'], ['http://[fd00:ec2::254]/', 'metadata'],
    ['http://metadata.google.internal/computeMetadata/v1/', 'metadata'], ['http://METADATA.google.internal./', 'metadata'],
    ['http://169.254.1.1/', 'link-local'], ['http://[fe80::1]/', 'link-local'], ['http://100.64.0.1/', 'carrier-grade NAT'],
    ['http://[fc00::1]/', 'unique-local'], ['http://224.0.0.1/', 'multicast'], ['http://255.255.255.255/', 'broadcast'],
    ['http://8.8.8.8/', 'not on the adapter\'s fetch allow-list'],
    ['http://allowed.example@evil.example/', 'user name or password'], ['http://evil.example\\@allowed.example/', 'evil.example is not on'], ['http://allowed.example.evil.example/', 'not on'],
    ['http://evil.example/allowed.example', 'evil.example is not on'], ['http://evil.example?allowed.example', 'evil.example is not on'],
    ['http://evil.example#@allowed.example', 'evil.example is not on'], ['http://sub.allowed.example/', 'not on'], ['http://xallowed.example/', 'not on'],
    ['http://user:pass@allowed.example/', 'user name or password'], ['http://allowed.example:8080/', 'allowed.example:8080 is not on'],
    ['ftp://allowed.example/', 'only http: and https:'], ['file:///etc/passwd', 'only http: and https:'], ['javascript:alert(1)', 'only http'],
    ['allowed.example', 'not a valid absolute URL'],
  ])('refuses %s (%s)', (url, why) => {
    const result = checkFetchUrl(url, allowList)
    expect(typeof result).toBe('string')
    expect(result).toContain(why)
  })
})
