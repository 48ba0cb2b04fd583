// Local-calendar helpers for the day timeline: day ranges, time-of-day inputs and their formatting.

/** Range is a half-open time interval [from, to). */
export interface Range {
  from: Date;
  to: Date;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The local day that an `<input type=date>` value names, midnight to midnight. */
export function dayRange(dateInput: string): Range {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateInput);
  if (!m) throw new RangeError(`not a date: ${dateInput}`);
  const from = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const to = new Date(from);
  to.setDate(to.getDate() + 1);
  return { from, to };
}

/** The `<input type=date>` value of a moment's local day. */
export function dateInputOf(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The `<input type=time step=1>` value (HH:MM:SS) of a moment. */
export function timeInputOf(d: Date): string {
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The moment at a time of day (HH:MM or HH:MM:SS) on the day that starts at dayStart. */
export function atTimeOfDay(dayStart: Date, time: string): Date | null {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(time.trim());
  if (!m) return null;
  const [hh, mm, ss] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  if (hh > 23 || mm > 59 || ss > 59) return null;
  const d = new Date(dayStart);
  d.setHours(hh, mm, ss, 0);
  return d;
}

/** A short local time for the page, e.g. 14:03:07. */
export function clock(d: Date): string {
  return timeInputOf(d);
}

/** Whether a and b overlap. */
export function overlaps(a: Range, b: Range): boolean {
  return a.from < b.to && b.from < a.to;
}

/** The earliest moment at or after t that lies inside one of the spans, before `until`; null when none. */
export function firstRecordedAtOrAfter(spans: Range[], t: Date, until: Date): Date | null {
  let best: Date | null = null;
  for (const s of spans) {
    if (s.to <= t || s.from >= until) continue;
    const start = s.from <= t ? t : s.from;
    if (best === null || start < best) best = start;
  }
  return best;
}

/** Position and width in percent of a span drawn on a track covering `range`, clipped to it. */
export function place(range: Range, span: Range): { left: number; width: number } | null {
  const total = range.to.getTime() - range.from.getTime();
  const from = Math.max(span.from.getTime(), range.from.getTime());
  const to = Math.min(span.to.getTime(), range.to.getTime());
  if (total <= 0 || to <= from) return null;
  return { left: ((from - range.from.getTime()) / total) * 100, width: ((to - from) / total) * 100 };
}

/** The moment at a fraction (0..1) along a range. */
export function momentAt(range: Range, fraction: number): Date {
  const f = Math.min(1, Math.max(0, fraction));
  return new Date(range.from.getTime() + f * (range.to.getTime() - range.from.getTime()));
}

/** A moment without its milliseconds: playback tokens cover whole seconds. */
export function wholeSeconds(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 1000) * 1000);
}

/** The hour centred on t, moved to lie inside the day. */
export function hourAround(t: Date, day: Range): Range {
  const half = 1_800_000;
  const from = Math.min(Math.max(t.getTime() - half, day.from.getTime()), day.to.getTime() - 2 * half);
  return { from: new Date(from), to: new Date(from + 2 * half) };
}
