// Unit tests of the security policy: Basic credentials against the editor account, permissions by ACL.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DummyRequest } from 'ziggurat/testing';
import { Document, Root } from '../src/resources.js';
import { EditorSecurityPolicy } from '../src/security.js';

const basic = (user: string, password: string) => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});

describe('EditorSecurityPolicy', () => {
  const policy = new EditorSecurityPolicy({ user: 'editor', password: 'secret' });
  const root = new Root('Site');
  const page = root.add(new Document('page', 'Page', ''));

  it('knows the editor by the right password only', () => {
    assert.equal(
      policy.authenticatedUserid(new DummyRequest({ headers: basic('editor', 'secret') })),
      'editor',
    );
    assert.equal(policy.authenticatedUserid(new DummyRequest({ headers: basic('editor', 'wrong') })), null);
    assert.equal(policy.authenticatedUserid(new DummyRequest()), null);
  });

  it('lets everyone view and only the editor edit, anywhere in the tree', () => {
    const anonymous = new DummyRequest();
    const editor = new DummyRequest({ headers: basic('editor', 'secret') });
    assert.equal(policy.permits(anonymous, page, 'view').allowed, true);
    assert.equal(policy.permits(anonymous, page, 'edit').allowed, false);
    assert.equal(policy.permits(editor, page, 'edit').allowed, true);
    assert.equal(policy.permits(editor, page, 'delete').allowed, false);
  });

  it('lets nobody in while the password is empty', () => {
    const locked = new EditorSecurityPolicy({ user: 'editor', password: '' });
    assert.equal(locked.authenticatedUserid(new DummyRequest({ headers: basic('editor', '') })), null);
  });
});
