// "Expires in 59:58": a token's remaining lifetime, from its exp claim, ticking.
import { useNowSeconds } from '../api/use-now';

export function ExpiryCountdown({ exp }: { exp: unknown }) {
  const now = useNowSeconds();
  if (typeof exp !== 'number') return <span>No expiry (exp) claim</span>;
  const left = exp - now;
  return left > 0 ? (
    <span className="countdown">Expires in {formatDuration(left)}</span>
  ) : (
    <span className="countdown expired">Expired {formatDuration(-left)} ago</span>
  );
}

export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const mmss = `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}
