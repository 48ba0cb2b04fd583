// The signed-in credential, kept in sessionStorage so it dies with the tab, and the SDK clients built from it.
import { CamerasApi, Configuration, DevelopmentApi, EventsApi, PicturesApi, PlaybackApi } from '@zonecam/sdk';

/** Credential is how the viewer authenticates: a partner API key or a bearer user token. */
export type Credential = { kind: 'apiKey'; value: string } | { kind: 'bearer'; value: string };

const KEY = 'zonecam.credential';

export function loadCredential(): Credential | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const c = JSON.parse(raw) as Credential;
    return (c.kind === 'apiKey' || c.kind === 'bearer') && typeof c.value === 'string' ? c : null;
  } catch {
    return null;
  }
}

export function saveCredential(c: Credential): void {
  sessionStorage.setItem(KEY, JSON.stringify(c));
}

export function clearCredential(): void {
  sessionStorage.removeItem(KEY);
}

/** The control plane's base URL: config.json's apiBaseUrl, or this page's origin (the control plane serves /viewer/). */
export async function apiBaseUrl(): Promise<string> {
  try {
    const r = await fetch('config.json', { cache: 'no-cache' });
    if (r.ok) {
      const c = (await r.json()) as { apiBaseUrl?: string };
      if (c.apiBaseUrl) return c.apiBaseUrl.replace(/\/+$/, '');
    }
  } catch {
    // no config: same origin
  }
  return location.origin;
}

/** Api is the set of SDK clients the viewer uses, all bound to one credential. */
export interface Api {
  cameras: CamerasApi;
  playback: PlaybackApi;
  pictures: PicturesApi;
  events: EventsApi;
}

export function clients(basePath: string, c: Credential): Api {
  const config = new Configuration(c.kind === 'apiKey'
    ? { basePath, apiKey: c.value }
    : { basePath, accessToken: c.value });
  return { cameras: new CamerasApi(config), playback: new PlaybackApi(config), pictures: new PicturesApi(config),
    events: new EventsApi(config) };
}

/** The development issuer's client (no credential: it is open when the server enables it). */
export function developmentApi(basePath: string): DevelopmentApi {
  return new DevelopmentApi(new Configuration({ basePath }));
}
