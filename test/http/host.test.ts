import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { AllowedHosts } from '../../lib/http/allowed-hosts.js';
import { hostName } from '../../lib/http/host.js';

describe('hostName', () => {
  it('gives the lower-case name without port or trailing dot', () => {
    const cases: Array<[string, string]> = [
      ['example.com', 'example.com'],
      ['Example.COM.:8080', 'example.com'],
      ['localhost:6543', 'localhost'],
      ['127.0.0.1:80', '127.0.0.1'],
      ['1.2.3.4.', '1.2.3.4'],
      ['[::1]', '[::1]'],
      ['[::1]:6543', '[::1]'],
      ['[2001:DB8::1]:443', '[2001:db8::1]'],
      ['[::ffff:1.2.3.4]', '[::ffff:1.2.3.4]'],
      ['a_b-c~d.example', 'a_b-c~d.example'],
      ['xn--bcher-kva.example:65535', 'xn--bcher-kva.example'],
    ];
    for (const [host, name] of cases) assert.equal(hostName(host), name, host);
  });

  it('refuses what is not an RFC 3986 host with a port from 1 to 65535', () => {
    const malformed = [
      '',
      'a b',
      '[',
      '%',
      '%41.example',
      'x:99999',
      'x:0',
      'x:',
      'x:8o',
      'x:1:2',
      '[::1',
      '[::1]x',
      '[::1]:',
      '[fe80::1%25eth0]',
      '[v1.future]',
      '[1::2::3]',
      '[example.com]',
      '::1',
      'a..b',
      '.a',
      '.',
      'a,b',
      "a'b",
      'a;b',
      'a/b',
      'a@b',
      'a\tb',
      'a\u0000b',
      'bücher.example',
      '1.2.3.256',
      'a.1',
      '0x7f.1',
      '123',
      'a'.repeat(254),
    ];
    for (const host of malformed) assert.equal(hostName(host), null, JSON.stringify(host));
  });

  it('accepts only what URL parsers accept, and they find the same name', () => {
    const chars = fc.constantFrom(...'abzAZ0189-._~:[]%,f'.split(''));
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 24 }), (parts) => {
        const host = parts.join('');
        const name = hostName(host);
        if (name === null) return;
        const url = new URL(`http://${host}/`);
        // URL parsers also rewrite IPv6 addresses ([0::1] is [::1]); names and IPv4 stay as they are.
        if (!name.startsWith('[')) assert.equal(url.hostname.replace(/\.$/, ''), name, host);
      }),
      { numRuns: 20000 },
    );
  });
});

describe('AllowedHosts', () => {
  const allows = (setting: unknown, name: string) => AllowedHosts.fromSetting(setting).allows(name);

  it('allows the machine itself by default: localhost, its subdomains, 127.0.0.1, [::1]', () => {
    for (const name of ['localhost', 'app.localhost', '127.0.0.1', '[::1]'])
      assert.ok(allows(undefined, name));
    for (const name of ['example.com', '10.0.0.1', 'localhost.example.com']) {
      assert.ok(!allows(undefined, name), name);
    }
  });

  it('matches names exactly, *.name its subdomains, .name both, * anything', () => {
    const setting = 'Example.com, *.apps.example.org .shop.example.net [::1]';
    for (const name of ['example.com', 'a.apps.example.org', 'b.a.apps.example.org', 'shop.example.net']) {
      assert.ok(allows(setting, name), name);
    }
    assert.ok(allows(setting, 'x.shop.example.net'));
    assert.ok(allows(setting, '[::1]'));
    for (const name of ['www.example.com', 'apps.example.org', 'evilapps.example.org', 'xshop.example.net']) {
      assert.ok(!allows(setting, name), name);
    }
    assert.ok(allows(['*'], 'anything.example'));
    assert.ok(allows(['example.com.'], 'example.com'), 'a fully qualified entry');
  });

  it('rejects a bad entry, an empty list or a value that is no list with a ConfigurationError', () => {
    for (const setting of [
      'example.com:8080',
      '[::1]:80',
      '*.[::1]',
      'exa%mple.com',
      'a*.example.com',
      '*example.com',
      'http://example.com',
      '',
      ' , ',
      [],
      42,
      ['ok.example', 7],
    ]) {
      assert.throws(
        () => AllowedHosts.fromSetting(setting),
        (error: Error & { code?: string }) =>
          error.name === 'ConfigurationError' &&
          error.code === 'ZIG_ERR_CONFIG' &&
          error.message.includes('ziggurat.allowed_hosts'),
        JSON.stringify(setting),
      );
    }
  });
});
