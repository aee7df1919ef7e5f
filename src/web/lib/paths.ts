// The app's URLs in one place, so features can link to each other's pages without importing them.
export const paths = {
  home: () => '/',
  program: (regionCode: string) => `/p/${regionCode}`,
  registry: (regionCode: string) => `/p/${regionCode}/pekerja`,
  worker: (regionCode: string, workerId: number | string) => `/p/${regionCode}/pekerja/${workerId}`,
  imports: (regionCode: string) => `/p/${regionCode}/impor`,
  apiDocs: () => '/docs',
};
