// Loading and error states, worded for people: what is happening, what went wrong,
// and a way to try again where that can help.
import { ApiError, PermissionDeniedError, RedirectingError } from '../lib/api-errors';

export function Loading({ children }: { children: string }) {
  return (
    <p role="status" className="status">
      <span className="spinner" aria-hidden="true" /> {children}
    </p>
  );
}

export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (error instanceof RedirectingError) return <Loading>{error.message}</Loading>;
  const retryable = !(error instanceof PermissionDeniedError) && onRetry !== undefined;
  return (
    <div role="alert" className="notice error">
      <p>{messageOf(error)}</p>
      {retryable && (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function messageOf(error: unknown): string {
  if (error instanceof ApiError || error instanceof PermissionDeniedError) return error.message;
  if (error instanceof Error) return `Something went wrong: ${error.message}`;
  return 'Something went wrong.';
}
