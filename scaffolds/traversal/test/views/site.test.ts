// Unit tests of the site-wide views.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HTTPSeeOther } from 'ziggurat';
import { DummyRequest } from 'ziggurat/testing';
import { SiteViews, safeReturnPath } from '../../src/views/site.js';

describe('SiteViews', () => {
  it('goes back where the user came from after signing in', () => {
    const request = new DummyRequest({ path: '/@@login?came_from=%2Fwelcome%2F%40%40edit' });
    const result = new SiteViews(request).login();
    assert.ok(result instanceof HTTPSeeOther);
    assert.equal(result.headers.get('location'), '/welcome/@@edit');
  });

  it('never sends the user to another site', () => {
    assert.equal(safeReturnPath('//evil.example/'), '/');
    assert.equal(safeReturnPath('/\\evil.example/'), '/');
    assert.equal(safeReturnPath('https://evil.example/'), '/');
    assert.equal(safeReturnPath(['/a', '/b']), '/');
    assert.equal(safeReturnPath('/notes/'), '/notes/');
  });
});
