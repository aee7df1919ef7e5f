// Calendar dates are 'YYYY-MM-DD' in Asia/Jakarta (WIB), the time zone the programs run in.
// One formatter for the process: making an Intl.DateTimeFormat costs more than a cached request.
const JAKARTA_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit', day: '2-digit' });

export function todayJakarta(now: Date = new Date()): string {
  return JAKARTA_DAY.format(now);
}
