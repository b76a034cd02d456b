namespace Community.Cluster.Hosting;

/// <summary>The node's settings, bound from the <c>Community</c> configuration section.</summary>
public sealed class CommunityClusterOptions
{
    public const string Section = "Community";

    /// <summary>Where the SQLite file, the generated signing key and other local state live.</summary>
    public string DataDir { get; set; } = "./data";

    public StorageOptions Storage { get; set; } = new();

    public ClusterNodeOptions Cluster { get; set; } = new();

    public EntityOptions Entities { get; set; } = new();

    public string FullDataDir => Path.GetFullPath(DataDir);
}

public sealed class StorageOptions
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary><c>sqlite</c> (default, a file in the data directory) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>Required for postgres; for sqlite it defaults to <c>{DataDir}/community.db</c>.</summary>
    public string? ConnectionString { get; set; }
}

public sealed class ClusterNodeOptions
{
    public string Hostname { get; set; } = "127.0.0.1";

    /// <summary>Akka remoting port; 0 picks a free one (only sensible for a node that joins itself).</summary>
    public int Port { get; set; } = 4053;

    /// <summary>Seed node addresses (akka.tcp://community@host:port). Empty: the node joins itself.</summary>
    public List<string> Seeds { get; set; } = [];
}

public sealed class EntityOptions
{
    /// <summary>An entity saves a snapshot after this many events.</summary>
    public int SnapshotEvery { get; set; } = 200;

    /// <summary>An entity that received nothing for this long is stopped; it recovers on its next message.</summary>
    public TimeSpan PassivateAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long the web host waits for an entity's answer.</summary>
    public TimeSpan AskTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Shards per entity kind. Fixed for the life of a cluster: changing it moves entities.</summary>
    public int NumberOfShards { get; set; } = 100;
}
