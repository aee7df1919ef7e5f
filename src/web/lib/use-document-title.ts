import { useEffect } from 'react';

/** Sets the browser tab's title, so screen-reader users hear where a navigation has landed. */
export function useDocumentTitle(title: string | null | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · Sekitar` : 'Sekitar';
  }, [title]);
}
