/**
 * A page's h1. After a client-side navigation it takes the focus, so keyboard and
 * screen-reader users start on the new page's title (as they would after a page load),
 * and it names the browser tab.
 */
import { createContext, useContext, useEffect, useRef } from 'react';
import { useLocation } from 'react-router';

/** The key of the location the app started on: no focus move for the first page. */
export const InitialLocationKey = createContext<string | undefined>(undefined);

export function PageHeading({ children }: { children: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  const { key } = useLocation();
  const initialKey = useContext(InitialLocationKey);

  useEffect(() => {
    document.title = `${children} · Pixy`;
  }, [children]);

  useEffect(() => {
    if (key !== initialKey) ref.current?.focus();
  }, [key, initialKey]);

  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}
