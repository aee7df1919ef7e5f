import { createBrowserRouter, Navigate } from 'react-router-dom';
import { HomeRedirect } from './home-redirect.tsx';
import { ImportsPage, NotFoundPage, RegistryPage, RouteError, WorkerPage } from './pages.tsx';
import { ProgramLayout } from './program-layout.tsx';
import { Shell } from './shell.tsx';

// Paths carry the program's region code (/p/36.72/pekerja), so links can be shared between staff.
export function createRouter() {
  return createBrowserRouter([
    {
      path: '/',
      element: <Shell />,
      errorElement: <RouteError />,
      children: [
        { index: true, element: <HomeRedirect /> },
        {
          path: 'p/:regionCode',
          element: <ProgramLayout />,
          children: [
            { index: true, element: <Navigate to="pekerja" replace /> },
            { path: 'pekerja', element: <RegistryPage /> },
            { path: 'pekerja/:workerId', element: <WorkerPage /> },
            { path: 'impor', element: <ImportsPage /> },
          ],
        },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ]);
}
