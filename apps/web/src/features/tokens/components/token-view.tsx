// One decoded token: its header (alg, kid) and its claims, each with what it means,
// and how long it has left. Descriptions come from @pixy/auth-contract.
import { describeClaim, headerDescriptions, type EntraTokenHeader } from '@pixy/auth-contract';
import { decodeJwt, type DecodedJwt } from '../api/decode-jwt';
import { ExpiryCountdown } from './expiry-countdown';

const timeClaims = new Set(['iat', 'nbf', 'exp', 'auth_time']);

export function TokenView(props: { title: string; about: string; token: string }) {
  let decoded: DecodedJwt;
  try {
    decoded = decodeJwt(props.token);
  } catch (error) {
    return (
      <section className="card token">
        <h2>{props.title}</h2>
        <p role="alert">{error instanceof Error ? error.message : 'Not a JWT.'}</p>
      </section>
    );
  }
  const { header, claims } = decoded;
  return (
    <section className="card token" aria-label={props.title}>
      <div className="token-title">
        <h2>{props.title}</h2>
        <ExpiryCountdown exp={claims.exp} />
      </div>
      <p className="muted">{props.about}</p>
      <h3>Header</h3>
      <Table
        caption={`${props.title} header`}
        rows={Object.entries(header)}
        describe={(name) =>
          Object.hasOwn(headerDescriptions, name)
            ? headerDescriptions[name as keyof EntraTokenHeader]
            : undefined
        }
      />
      <h3>Claims</h3>
      <Table
        caption={`${props.title} claims`}
        rows={Object.entries(claims)}
        describe={describeClaim}
      />
      <details>
        <summary>Encoded token</summary>
        <code className="jwt">{props.token}</code>
      </details>
    </section>
  );
}

function Table(props: {
  caption: string;
  rows: [string, unknown][];
  describe: (name: string) => string | undefined;
}) {
  return (
    <div className="table-scroll">
      <table className="claims">
        <caption className="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Value</th>
            <th scope="col">Meaning</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map(([name, value]) => (
            <tr key={name}>
              <th scope="row">
                <code>{name}</code>
              </th>
              <td className="value">{formatValue(name, value)}</td>
              <td>{props.describe(name) ?? <span className="muted">Not described.</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function formatValue(name: string, value: unknown): string {
  if (timeClaims.has(name) && typeof value === 'number') {
    return `${value} (${new Date(value * 1000).toISOString().replace('T', ' ').slice(0, 19)} UTC)`;
  }
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
