using Akka.Configuration;

namespace Community.Cluster.Persistence;

/// <summary>Akka.Persistence.Sql configuration for the journal, snapshot store and query journal.</summary>
public static class PersistenceHocon
{
    public const string JournalPluginId = "akka.persistence.journal.sql";
    public const string SnapshotPluginId = "akka.persistence.snapshot-store.sql";

    public static Config Build(JournalDatabase database)
    {
        var connection = Quote(database.ConnectionString);
        var provider = Quote(database.ProviderName);
        // SQLite: Microsoft.Data.Sqlite begins a read-uncommitted transaction as a deferred BEGIN, so the journal's
        // and snapshot store's reads (entity recovery, queries) no longer take the write lock with BEGIN IMMEDIATE.
        // Without shared cache SQLite still shows them only committed rows. Writes are unchanged.
        var readIsolation = database.IsPostgres ? "unspecified" : "read-uncommitted";
        return ConfigurationFactory.ParseString($$"""
            akka.persistence {
              journal {
                plugin = "{{JournalPluginId}}"
                sql {
                  connection-string = {{connection}}
                  provider-name = {{provider}}
                  auto-initialize = on
                  tag-write-mode = Csv
                  read-isolation-level = {{readIsolation}}
                  event-adapters {
                    area-tagger = "Community.Cluster.Persistence.AreaTagger, Community.Cluster"
                  }
                  event-adapter-bindings {
                    "Community.Contracts.Common.ICommunityEvent, Community.Contracts" = area-tagger
                  }
                }
              }
              snapshot-store {
                plugin = "{{SnapshotPluginId}}"
                sql {
                  connection-string = {{connection}}
                  provider-name = {{provider}}
                  auto-initialize = on
                  read-isolation-level = {{readIsolation}}
                }
              }
              query.journal.sql {
                connection-string = {{connection}}
                provider-name = {{provider}}
                write-plugin = "{{JournalPluginId}}"
                tag-read-mode = Csv
                refresh-interval = 100ms
                read-isolation-level = {{readIsolation}}
              }
            }
            """)
            .WithFallback(Akka.Persistence.Sql.SqlPersistence.DefaultConfiguration);
    }

    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
