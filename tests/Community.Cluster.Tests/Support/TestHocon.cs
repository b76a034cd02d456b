using Akka.Configuration;
using Community.Cluster.Hosting;
using Community.Cluster.Persistence;

namespace Community.Cluster.Tests.Support;

/// <summary>Configuration of a local (non-clustered) actor system on the product's persistence HOCON and serializer.</summary>
public static class TestHocon
{
    /// <summary>The same binding the hosting extension makes with <c>WithCustomSerializer</c>.</summary>
    public const string Serializer = """
        akka.actor {
          serializers.community = "Community.Cluster.Serialization.CommunitySerializer, Community.Cluster"
          serialization-bindings {
            "Community.Contracts.Common.ICommunityMessage, Community.Contracts" = community
          }
        }
        """;

    // Generous: a 2-core machine running two specs at once, each with a SQL journal, is slow on first use.
    private const string Timeouts = """
        akka.loglevel = WARNING
        akka.stdout-loglevel = WARNING
        akka.test.single-expect-default = 20s
        akka.test.default-timeout = 20s
        """;

    public static Config Serialization() => ConfigurationFactory.ParseString(Serializer + "\n" + Timeouts);

    public static Config Local(JournalDatabase database) =>
        ConfigurationFactory.ParseString(Serializer + "\n" + Timeouts).WithFallback(PersistenceHocon.Build(database));

    /// <summary>The product's default: an SQLite file in the data directory, in WAL mode.</summary>
    public static JournalDatabase Sqlite(string dataDir)
    {
        var database = new JournalDatabase(new CommunityClusterOptions { DataDir = dataDir });
        database.Prepare();
        return database;
    }

    public static JournalDatabase Postgres(string connectionString) =>
        new(new CommunityClusterOptions
        {
            Storage = new StorageOptions { Provider = StorageOptions.Postgres, ConnectionString = connectionString },
        });
}
