// Unit tests of the home view: a DummyRequest, no server.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DummyRequest } from 'ziggurat/testing';
import { DefaultViews } from '../../src/views/default.js';

describe('DefaultViews.home', () => {
  it('gives the template the project title and the path', () => {
    const request = new DummyRequest({ path: '/' });
    assert.deepEqual(new DefaultViews(request).home(), { project: '__PROJECT_TITLE__', path: '/' });
  });
});
