import { createBrowserRouter, Navigate } from 'react-router-dom';
import { HomeRedirect } from './home-redirect.tsx';
import { AccountPage } from '../features/access/components/account-page.tsx';
import { LoginPage } from '../features/access/components/login-page.tsx';
import { SponsorApplicationPage } from '../features/sponsors/components/application-page.tsx';
import { AllocationPage, AuditPage, BillingPage, ClaimsPage, DashboardPage, PublicCoveragePage, VerifyReportPage, EnrolmentPage, ImportsPage, NotFoundPage, RegisterWorkerPage, RegistryPage, RouteError, SponsorPage, SponsorsPage, SubjectRequestsPage, UsersPage, WorkerPage } from './pages.tsx';
import { RequireSession } from './require-session.tsx';
import { ProgramLayout } from './program-layout.tsx';
import { Shell } from './shell.tsx';

// Paths carry the program's region code (/p/36.72/pekerja), so links can be shared between staff.
export function createRouter() {
  return createBrowserRouter([
    { path: '/masuk', element: <LoginPage />, errorElement: <RouteError /> },
    { path: '/daftar-sponsor', element: <SponsorApplicationPage />, errorElement: <RouteError /> },
    // The public coverage page: no login.
    { path: '/publik', element: <PublicCoveragePage />, errorElement: <RouteError /> },
    { path: '/publik/:regionCode', element: <PublicCoveragePage />, errorElement: <RouteError /> },
    // What a report's QR code opens: no login.
    { path: '/verifikasi/:code', element: <VerifyReportPage />, errorElement: <RouteError /> },
    {
      path: '/',
      element: (
        <RequireSession>
          <Shell />
        </RequireSession>
      ),
      errorElement: <RouteError />,
      children: [
        { index: true, element: <HomeRedirect /> },
        { path: 'akun', element: <AccountPage /> },
        {
          path: 'p/:regionCode',
          element: <ProgramLayout />,
          children: [
            { index: true, element: <Navigate to="pekerja" replace /> },
            { path: 'pekerja', element: <RegistryPage /> },
            { path: 'pekerja/:workerId', element: <WorkerPage /> },
            { path: 'impor', element: <ImportsPage /> },
            { path: 'sponsor', element: <SponsorsPage /> },
            { path: 'sponsor/:sponsorId', element: <SponsorPage /> },
            { path: 'alokasi', element: <AllocationPage /> },
            { path: 'pendaftaran', element: <EnrolmentPage /> },
            { path: 'penagihan', element: <BillingPage /> },
            { path: 'klaim', element: <ClaimsPage /> },
            { path: 'dasbor', element: <DashboardPage /> },
            { path: 'lapangan', element: <RegisterWorkerPage /> },
            { path: 'permintaan-data', element: <SubjectRequestsPage /> },
            { path: 'pengguna', element: <UsersPage /> },
            { path: 'audit', element: <AuditPage /> },
          ],
        },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ]);
}
