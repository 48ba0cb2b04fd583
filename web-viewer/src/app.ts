// The viewer's entry point: sign-in, then the camera grid (#/) and camera pages (#/cameras/<id>).
import { cameraView } from './camera';
import { h } from './dom';
import { gridView } from './grid';
import { apiBaseUrl, clearCredential, clients, loadCredential } from './session';
import { signInView } from './signin';

const main = document.getElementById('main') as HTMLElement;
const signOut = document.getElementById('sign-out') as HTMLButtonElement;
let dispose: (() => void) | null = null;

async function render(basePath: string, notice = ''): Promise<void> {
  dispose?.();
  dispose = null;
  const credential = loadCredential();
  signOut.hidden = !credential;
  if (!credential) {
    main.replaceChildren(signInView(basePath, () => void render(basePath), notice));
    document.getElementById('api-key')?.focus();
    return;
  }
  const api = clients(basePath, credential);
  const unauthorized = (message: string) => {
    clearCredential();
    void render(basePath, message);
  };
  const m = /^#\/cameras\/([^/]+)$/.exec(location.hash);
  if (m) {
    const page = cameraView(api, decodeURIComponent(m[1]), unauthorized);
    dispose = page.dispose;
    main.replaceChildren(page.element);
  } else {
    main.replaceChildren(gridView(api, unauthorized));
  }
}

async function start(): Promise<void> {
  const basePath = await apiBaseUrl();
  signOut.addEventListener('click', () => {
    clearCredential();
    location.hash = '#/';
    void render(basePath);
  });
  window.addEventListener('hashchange', () => void render(basePath));
  await render(basePath);
}

start().catch((e) => {
  main.replaceChildren(h('p', { class: 'message', role: 'alert', 'data-tone': 'error' },
    `The viewer could not start: ${e instanceof Error ? e.message : String(e)}`));
});
