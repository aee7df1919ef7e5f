// Calendar dates are 'YYYY-MM-DD' in Asia/Jakarta (WIB), the time zone the programs run in.
export function todayJakarta(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
