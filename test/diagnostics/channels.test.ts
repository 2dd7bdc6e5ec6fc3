// The diagnostics channels: what Ziggurat publishes for debugging tools, and that nothing is published unasked.
import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import { after, before, describe, it } from 'node:test';
import {
  ACLHelper,
  Configurator,
  DIAGNOSTICS_CHANNELS,
  Everyone,
  type PermitsMessage,
  type RenderedMessage,
  type Request,
  render,
  type TweenTimedMessage,
} from '../../lib/index.js';

const heard: { render: RenderedMessage[]; permits: PermitsMessage[]; tween: TweenTimedMessage[] } = {
  render: [],
  permits: [],
  tween: [],
};
const listeners = {
  render: (message: unknown) => heard.render.push(message as RenderedMessage),
  permits: (message: unknown) => heard.permits.push(message as PermitsMessage),
  tween: (message: unknown) => heard.tween.push(message as TweenTimedMessage),
};

async function app() {
  const config = new Configurator();
  config.setRootFactory(() => ({ __name__: '', __parent__: null, __acl__: [['Allow', Everyone, 'view']] }));
  config.setSecurityPolicy({
    identity: () => null,
    authenticatedUserid: () => null,
    permits: (_request, context, permission) => new ACLHelper().permits(context, [Everyone], permission),
    remember: () => [],
    forget: () => [],
  });
  config.addRoute('page', '/page');
  config.addView((request: Request) => ({ path: request.path }), {
    routeName: 'page',
    renderer: 'json',
    permission: 'view',
  });
  config.addTween(function outer(handler) {
    return (request) => handler(request);
  });
  return { config, app: await config.makeApp() };
}

describe('diagnostics channels', () => {
  before(() => {
    for (const [name, listener] of Object.entries(listeners))
      diagnostics.subscribe(DIAGNOSTICS_CHANNELS[name as keyof typeof listeners], listener);
  });
  after(() => {
    for (const [name, listener] of Object.entries(listeners))
      diagnostics.unsubscribe(DIAGNOSTICS_CHANNELS[name as keyof typeof listeners], listener);
  });

  it('publishes each render, permission check and tween time with its request', async () => {
    const { config, app: made } = await app();
    const response = await made.inject('/page');
    assert.deepEqual(response.json(), { path: '/page' });
    const [rendered] = heard.render;
    assert.equal(rendered?.renderer, 'json');
    assert.deepEqual(rendered?.values, { path: '/page' });
    assert.equal(rendered?.request?.path, '/page');
    assert.ok((rendered?.durationMs ?? -1) >= 0);
    const [permit] = heard.permits;
    assert.equal(permit?.permission, 'view');
    assert.match(String(permit?.result), /^ACLAllowed: permission 'view' via ACE/);
    assert.deepEqual(
      heard.tween.map((tween) => tween.name),
      ['MAIN', 'ziggurat.excview', 'outer'],
      'innermost first, as each returns',
    );
    const before = heard.render.length;
    await render('json', { outside: true }, config.registry);
    assert.equal(heard.render.at(before)?.request, null, 'render() without a request');
  });
});
