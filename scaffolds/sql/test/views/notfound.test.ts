// Unit tests of the not-found view, and of URL generation with a committed test configuration.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DummyRequest, testConfig } from 'ziggurat/testing';
import { includeme as routes } from '../../src/routes.js';
import { NotFoundView } from '../../src/views/notfound.js';

describe('NotFoundView', () => {
  it('names the missing path', () => {
    const request = new DummyRequest({ path: '/no/such/page' });
    assert.equal(new NotFoundView(request).call().path, '/no/such/page');
  });

  it('can link back home through the routes', async () => {
    const config = testConfig();
    config.include(routes);
    await config.commit();
    assert.equal(new DummyRequest({ registry: config.registry }).routePath('home'), '/');
  });
});
