// Sign-in with the admin account: the same credentials and throttling as the admin API's HTTP
// Basic (docs/console.md#sign-in-and-session).
import * as api from '../api.js';
import { h, fill, field } from '../dom.js';
import { notice, describe } from '../ui.js';

export async function render({ view, onSignedIn }) {
  const user = h('input#signin-user', { name: 'username', autocomplete: 'username', required: true, value: 'admin', autofocus: true, spellcheck: 'false' });
  const password = h('input#signin-password', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button.primary#signin-submit', { type: 'submit' }, 'Sign in');
  const form = h(
    'form.signin',
    {
      onsubmit: async (ev) => {
        ev.preventDefault();
        submit.disabled = true;
        try {
          const s = await api.signIn(user.value, password.value);
          onSignedIn(s.user);
        } catch (e) {
          password.value = '';
          notice(form, 'error', e.status === 401 ? 'Wrong user name or password.' : describe(e));
          password.focus();
        } finally {
          submit.disabled = false;
        }
      },
    },
    h('h1', { tabindex: '-1' }, h('span.logo', { 'aria-hidden': 'true' }), 'Sign in to Gatehouse'),
    h('p.hint', 'The admin account: GATEHOUSE_ADMIN_USER and GATEHOUSE_ADMIN_PASSWORD, or the password printed in the log at first start.'),
    field('User name', user),
    field('Password', password),
    h('div.actions', submit),
  );
  fill(view, h('div.signin-wrap', form));
  const message = sessionStorage.getItem('gatehouse.console.message');
  sessionStorage.removeItem('gatehouse.console.message');
  if (message) notice(form, 'info', message);
  user.focus();
  user.select();
}
