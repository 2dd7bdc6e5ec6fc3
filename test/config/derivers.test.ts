import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Configurator, type Request, type ViewDeriver } from '../../lib/index.js';
import { appWith, call } from '../helpers.js';

describe('view derivers', () => {
  it('wrap every view once, see its options, and make their own options valid view options', async () => {
    const seen: string[] = [];
    const shout: ViewDeriver = (view, info) => {
      seen.push(`${info.exceptionOnly ? 'exception' : 'view'}:${String(info.options.loud ?? false)}`);
      if (info.options.loud !== true) return view;
      return (request: Request) => String(view(request)).toUpperCase();
    };
    const config = new Configurator();
    config.addRoute('a', '/a');
    config.addRoute('b', '/b');
    config.addView(() => 'quiet', { routeName: 'a', renderer: 'string' });
    config.addView(() => 'loud', { routeName: 'b', renderer: 'string', loud: true } as object);
    config.addNotFoundView(() => 'none', { renderer: 'string' });
    config.addViewDeriver(shout, { options: ['loud'] });
    await config.commit();
    const app = await config.makeApp();
    assert.equal((await call(app, '/a')).body, 'quiet');
    assert.equal((await call(app, '/b')).body, 'LOUD');
    assert.deepEqual(seen.slice(0, 3).sort(), ['exception:false', 'view:false', 'view:true']);
    assert.equal(seen.length, 6, 'derived again from the mapped view at each commit, never wrapped twice');
  });

  it('run inside the permission check, and later derivers wrap earlier ones', async () => {
    const order: string[] = [];
    const app = await appWith((config) => {
      config.setSecurityPolicy({
        identity: () => null,
        authenticatedUserid: () => null,
        permits: (_request, _context, permission) => permission !== 'secret',
        remember: () => [],
        forget: () => [],
      });
      config.addRoute('open', '/open');
      config.addRoute('closed', '/closed');
      config.addView(() => 'ok', { routeName: 'open', renderer: 'string' });
      config.addView(() => 'ok', { routeName: 'closed', renderer: 'string', permission: 'secret' });
      for (const name of ['first', 'second']) {
        config.addViewDeriver(
          (view) => (request) => {
            order.push(name);
            return view(request);
          },
          { name },
        );
      }
    });
    assert.equal((await call(app, '/closed')).status, 403);
    assert.deepEqual(order, []);
    await call(app, '/open');
    assert.deepEqual(order, ['second', 'first']);
  });

  it('conflict when two sibling add-ons add one with the same name, and need a name', async () => {
    const config = new Configurator();
    const wrap: ViewDeriver = (view) => view;
    config.include((child) => child.addViewDeriver(wrap));
    config.include((child) => child.addViewDeriver((view) => view, { name: 'wrap' }));
    await assert.rejects(config.commit(), /view deriver 'wrap'/);
    assert.throws(
      () =>
        new Configurator().addViewDeriver(
          (
            () => (v: never) =>
              v
          )() as never,
        ),
      /named function/,
    );
  });
});
