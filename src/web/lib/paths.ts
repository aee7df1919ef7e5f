// The app's URLs in one place, so features can link to each other's pages without importing them.
export const paths = {
  home: () => '/',
  program: (regionCode: string) => `/p/${regionCode}`,
  registry: (regionCode: string) => `/p/${regionCode}/pekerja`,
  worker: (regionCode: string, workerId: number | string) => `/p/${regionCode}/pekerja/${workerId}`,
  imports: (regionCode: string) => `/p/${regionCode}/impor`,
  sponsors: (regionCode: string) => `/p/${regionCode}/sponsor`,
  allocation: (regionCode: string) => `/p/${regionCode}/alokasi`,
  enrolment: (regionCode: string) => `/p/${regionCode}/pendaftaran`,
  sponsor: (regionCode: string, sponsorId: number | string) => `/p/${regionCode}/sponsor/${sponsorId}`,
  register: (regionCode: string) => `/p/${regionCode}/lapangan`,
  subjectRequests: (regionCode: string) => `/p/${regionCode}/permintaan-data`,
  users: (regionCode: string) => `/p/${regionCode}/pengguna`,
  audit: (regionCode: string) => `/p/${regionCode}/audit`,
  login: (next?: string) => (next ? `/masuk?lanjut=${encodeURIComponent(next)}` : '/masuk'),
  account: () => '/akun',
  apiDocs: () => '/docs',
};
