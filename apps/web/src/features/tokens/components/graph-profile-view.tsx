// "Microsoft Graph profile": what the API read from Graph for the user, on their behalf.
// Missing consent is not an error to retry: it is a step the user (or an administrator)
// takes, offered here.
import { ErrorMessage, Loading } from '../../../components/status-message';
import { ApiError } from '../../../lib/api-errors';
import { useConsentStep } from '../../../lib/auth/use-consent-step';
import { useGraphProfile } from '../api/use-graph-profile';

export function GraphProfileView() {
  const profile = useGraphProfile();
  const consent = useConsentStep();
  const error = profile.error;
  return (
    <section className="card api-view" aria-labelledby="graph-profile-heading">
      <h2 id="graph-profile-heading">Microsoft Graph profile</h2>
      <p className="muted">
        <code>GET /api/me/profile</code>: the API exchanges your access token for a Microsoft Graph
        token (on-behalf-of, with its own credential) and reads <code>/me</code>. This page never
        holds a Graph token.
      </p>
      {profile.isPending ? (
        <Loading>Asking the API…</Loading>
      ) : error instanceof ApiError && error.kind === 'consent' ? (
        <div className="notice warning">
          <p>{error.message}</p>
          <p>
            Needs consent to:{' '}
            {(error.problem?.consentScopes ?? []).map((scope, index) => (
              <span key={scope}>
                {index > 0 && ', '}
                <code>{scope}</code>
              </span>
            ))}
          </p>
          <button type="button" className="button primary" onClick={() => void consent()}>
            Grant access
          </button>
        </div>
      ) : profile.isError ? (
        <ErrorMessage error={error} onRetry={() => void profile.refetch()} />
      ) : (
        <dl className="facts">
          <dt>Display name</dt>
          <dd>{profile.data.displayName ?? '—'}</dd>
          <dt>Mail</dt>
          <dd>{profile.data.mail ?? '—'}</dd>
          <dt>Job title</dt>
          <dd>{profile.data.jobTitle ?? '—'}</dd>
          <dt>Office</dt>
          <dd>{profile.data.officeLocation ?? '—'}</dd>
        </dl>
      )}
    </section>
  );
}
