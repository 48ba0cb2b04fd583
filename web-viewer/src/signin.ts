// The sign-in form: a partner API key, or a token minted by the local development issuer.
import { h, messageBox, say } from './dom';
import { toFailure } from './errors';
import { clients, developmentApi, saveCredential, type Credential } from './session';

/** Renders the sign-in form; calls onSignedIn once the credential is accepted by the control plane. */
export function signInView(basePath: string, onSignedIn: () => void, notice = ''): HTMLElement {
  const message = messageBox('signin-message');
  const apiKey = h('input', { id: 'api-key', name: 'apiKey', type: 'password', autocomplete: 'off', spellcheck: 'false' });
  const org = h('input', { id: 'dev-org', name: 'organizationId', autocomplete: 'off', spellcheck: 'false',
    placeholder: '00000000-0000-0000-0000-000000000000' });
  const role = h('select', { id: 'dev-role', name: 'role' },
    h('option', { value: 'owner' }, 'owner'), h('option', { value: 'viewer' }, 'viewer'));
  const keyFields = h('div', { class: 'fields' }, h('label', { for: 'api-key' }, 'API key'), apiKey);
  const devFields = h('div', { class: 'fields', hidden: true },
    h('label', { for: 'dev-org' }, 'Organization id'), org, h('label', { for: 'dev-role' }, 'Role'), role);
  const method = (value: string, text: string, checked: boolean) => h('label', { class: 'choice' },
    h('input', { type: 'radio', name: 'method', value, checked, onchange: () => {
      keyFields.hidden = value !== 'apiKey';
      devFields.hidden = value !== 'dev';
    } }), ` ${text}`);
  const submit = h('button', { type: 'submit' }, 'Sign in');
  const form = h('form', { class: 'card signin', 'aria-labelledby': 'signin-title' },
    h('h2', { id: 'signin-title' }, 'Sign in'),
    h('fieldset', {}, h('legend', {}, 'With'),
      method('apiKey', 'an API key', true), method('dev', 'a development token (local platform)', false)),
    keyFields, devFields, submit, message);
  if (notice) say(message, notice, 'error');

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    submit.disabled = true;
    say(message, 'Signing in…', 'busy');
    try {
      let credential: Credential;
      if (!keyFields.hidden) {
        const key = apiKey.value.trim();
        if (!key) throw new Error('Enter an API key.');
        credential = { kind: 'apiKey', value: key };
      } else {
        const organizationId = org.value.trim() || undefined;
        let minted;
        try {
          minted = await developmentApi(basePath).createDevelopmentToken({
            developmentTokenRequest: { subject: 'web-viewer', organizationId, roles: [role.value as 'owner' | 'viewer'] },
          });
        } catch (err) {
          const f = await toFailure('Getting a development token', err);
          throw new Error(f.status === 404
            ? 'Development tokens are not enabled on this server; sign in with an API key.'
            : f.message);
        }
        credential = { kind: 'bearer', value: minted.token };
      }
      try {
        await clients(basePath, credential).cameras.listCameras({ limit: 1 });
      } catch (err) {
        const f = await toFailure('Sign-in', err);
        throw new Error(f.status === 401
          ? (credential.kind === 'apiKey' ? 'Sign-in failed: this API key is not valid or was revoked.'
            : 'Sign-in failed: the token was not accepted.')
          : f.status === 403 ? 'Sign-in failed: this credential may not view cameras.' : f.message);
      }
      saveCredential(credential);
      say(message, '');
      onSignedIn();
    } catch (err) {
      say(message, err instanceof Error ? err.message : String(err), 'error');
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
