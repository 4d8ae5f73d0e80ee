// What a page shows when its code could not load (e.g. a new deployment replaced the
// chunk) or it threw while rendering, and the page for unknown addresses.
import { Component, type ReactNode } from 'react';
import { Link } from 'react-router';
import { PageHeading } from '../components/page-heading';

export class RouteErrorBoundary extends Component<
  { children: ReactNode },
  { error: Error | undefined }
> {
  override state = { error: undefined as Error | undefined };

  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <section className="page">
        <h1>This page could not be shown</h1>
        <p role="alert">{this.state.error.message}</p>
        <p>
          <button type="button" className="button" onClick={() => window.location.reload()}>
            Reload
          </button>
        </p>
      </section>
    );
  }
}

export function NotFoundPage() {
  return (
    <section className="page">
      <PageHeading>Page not found</PageHeading>
      <p>
        There is nothing at this address. <Link to="/">Go to the home page</Link>.
      </p>
    </section>
  );
}
