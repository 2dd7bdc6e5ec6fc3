// Every session store runs the one shared suite (store-suite.ts): the cookie store with revocation, and Redis.
import { sessionStoreSuite } from './store-suite.js';

sessionStoreSuite('the cookie store, with generations in Redis', (url, prefix) => ({
  'session.revocation': true,
  'session.redis.url': url,
  'session.redis.prefix': prefix,
}));

sessionStoreSuite('the Redis store', (url, prefix) => ({
  'session.store': 'redis',
  'session.redis.url': url,
  'session.redis.prefix': prefix,
}));
