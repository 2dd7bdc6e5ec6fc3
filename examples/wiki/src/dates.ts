// Dates as people read them: the ISO timestamps the database keeps, shown as "2 December 2026, 01:56 UTC".

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const twoDigits = (value: number) => String(value).padStart(2, '0');

/**
 * An ISO 8601 timestamp as a readable date and time, in UTC (the server cannot know the reader's time
 * zone; the page's `<time datetime>` keeps the exact instant). A value that is no date is kept as it is.
 * @example readableDate('2026-12-02T01:56:18.535Z') // '2 December 2026, 01:56 UTC'
 */
export function readableDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const day = `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
  return `${day}, ${twoDigits(date.getUTCHours())}:${twoDigits(date.getUTCMinutes())} UTC`;
}
