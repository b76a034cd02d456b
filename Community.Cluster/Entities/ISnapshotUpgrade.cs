namespace Community.Cluster.Entities;

/// <summary>A snapshot of an older state shape: recovery upgrades it to the current state. Snapshots are stored under
/// their state's manifest, so a changed state gets a new record and manifest, and the old one upgrades.</summary>
public interface ISnapshotUpgrade<out TState>
{
    TState Upgrade();
}
