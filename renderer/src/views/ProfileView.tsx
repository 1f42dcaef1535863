/**
 * A profile: how long the run took, the flame graph of where the time went, and the table of functions.
 * The shares are of cProfile's total (the time it measured), which the flame graph's root also spans.
 */
import type { Result } from '../../../electron/core/api';
import { FlameGraph } from './FlameGraph';
import { formatProfileTime } from './format';
import { ProfileTable } from './ProfileTable';

export type Profile = NonNullable<Result<'profile.run'>['profile']>;

interface Props {
  profile: Profile;
  /** The workspace's absolute root, to tell the student's files (linked) from the rest. */
  workspaceRoot: string | null;
  /** Opens a workspace-relative file at a line in the editor; without it nothing links. */
  onOpenSource?: (file: string, line: number) => void;
}

export function ProfileView({ profile, workspaceRoot, onOpenSource }: Props) {
  const total = profile.tree.value || profile.totalTime;
  return (
    <div className="profile-view" data-testid="profile-view">
      <p className="view-summary">
        Ran for <strong>{formatProfileTime(profile.wallTime)}</strong>; the profiler measured {formatProfileTime(profile.totalTime)} in{' '}
        {profile.functions.length} functions{profile.exitCode !== 0 ? ` · exited with code ${profile.exitCode}` : ''}.
      </p>
      {profile.error && (
        <div className="view-alert" role="alert">
          The script raised an error; the profile covers what ran until then: <code>{profile.error}</code>
        </div>
      )}
      <FlameGraph tree={profile.tree} workspaceRoot={workspaceRoot} onOpenSource={onOpenSource} />
      <ProfileTable functions={profile.functions} total={total} workspaceRoot={workspaceRoot} onOpenSource={onOpenSource} />
    </div>
  );
}
