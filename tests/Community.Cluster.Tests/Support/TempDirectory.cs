using Microsoft.Data.Sqlite;

namespace Community.Cluster.Tests.Support;

/// <summary>A fresh folder under the system temp directory, removed on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    private TempDirectory(string path) => Path = path;

    public string Path { get; }

    public static TempDirectory Create() => new(Directory.CreateTempSubdirectory("community-cluster-tests-").FullName);

    public void Dispose()
    {
        // Pooled SQLite connections keep the journal file open after the actor system is gone.
        SqliteConnection.ClearAllPools();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
                return;
            }
            catch (IOException) when (attempt < 10)
            {
                Thread.Sleep(100);
                SqliteConnection.ClearAllPools();
            }
            catch (UnauthorizedAccessException) when (attempt < 10)
            {
                Thread.Sleep(100);
            }
        }
    }
}
