// What a share link carries: the recorded playlist (with its token), the clip URL and the expiry.

/** ShareParams are what a share link carries in its fragment (never sent to any server). */
export interface ShareParams {
  playlist: string;
  clip: string | null;
  expires: Date | null;
}

export function parseShareFragment(hash: string): ShareParams | null {
  const q = new URLSearchParams(hash.replace(/^#/, ''));
  const playlist = q.get('playlist');
  if (!playlist) return null;
  const expires = q.get('expires');
  return { playlist, clip: q.get('clip'), expires: expires ? new Date(expires) : null };
}

/** The recorded window and token a playlist URL carries in its query. */
export function windowOf(playlist: string): { from: Date; to: Date; token: string } | null {
  const u = new URL(playlist);
  const from = u.searchParams.get('from');
  const to = u.searchParams.get('to');
  const token = u.searchParams.get('token');
  return from && to && token ? { from: new Date(from), to: new Date(to), token } : null;
}
