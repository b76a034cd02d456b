using System.Data.Common;
using System.Globalization;
using Akka.Persistence.Query;
using Community.Cluster.Persistence;
using Community.Cluster.Projections;
using Community.Contracts.Circles;

namespace Community.Cluster.Circles;

/// <summary>One row of the circle directory read model.</summary>
public sealed record CircleListing(string CircleId, string Name, string Description, string RegionCode, string OwnerId,
    long MemberCount, DateTimeOffset CreatedAt);

/// <summary>The circle directory read model (<c>circle_directory</c>): every circle with its counts, for lists and
/// search. Written only by its projection; read by the web nodes.</summary>
public sealed class CircleDirectoryProjection : IProjection
{
    public string Name => "circle-directory";

    public string Tag => AreaTagger.Circles;

    public async Task EnsureSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS circle_directory (
              circle_id VARCHAR(64) NOT NULL PRIMARY KEY,
              name VARCHAR(200) NOT NULL,
              name_lower VARCHAR(200) NOT NULL,
              description VARCHAR(2000) NOT NULL,
              region_code VARCHAR(12) NOT NULL,
              owner_id VARCHAR(64) NOT NULL,
              member_count BIGINT NOT NULL,
              created_at VARCHAR(40) NOT NULL
            );
            CREATE INDEX IF NOT EXISTS circle_directory_region ON circle_directory (region_code, circle_id);
            """;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task ApplyAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<EventEnvelope> batch,
        CancellationToken cancellationToken)
    {
        foreach (var envelope in batch)
        {
            if (envelope.Event is not CircleCreated created) continue;
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            // The owner is the first member, as in the circle's own state.
            command.CommandText = """
                INSERT INTO circle_directory (circle_id, name, name_lower, description, region_code, owner_id, member_count, created_at)
                VALUES (@id, @name, @lower, @description, @region, @owner, 1, @at)
                ON CONFLICT (circle_id) DO NOTHING
                """;
            ProjectionOffsets.AddParameter(command, "@id", created.CircleId.Value);
            ProjectionOffsets.AddParameter(command, "@name", created.Name);
            ProjectionOffsets.AddParameter(command, "@lower", created.Name.ToLowerInvariant());
            ProjectionOffsets.AddParameter(command, "@description", created.Description);
            ProjectionOffsets.AddParameter(command, "@region", created.RegionCode);
            ProjectionOffsets.AddParameter(command, "@owner", created.OwnerId.Value);
            ProjectionOffsets.AddParameter(command, "@at", created.At.ToUniversalTime().ToString("O"));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}

/// <summary>Queries of the circle directory read model.</summary>
public sealed class CircleDirectory(JournalDatabase database)
{
    private volatile bool _schemaReady;

    // The projection creates the table on its start; a query may come first on a new database.
    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        if (!_schemaReady)
        {
            await new CircleDirectoryProjection().EnsureSchemaAsync(connection, cancellationToken);
            _schemaReady = true;
        }
        return connection;
    }

    /// <summary>Circles in id order after <paramref name="afterId"/>, optionally of one region and whose name contains
    /// <paramref name="nameContains"/> (case-insensitive).</summary>
    public async Task<IReadOnlyList<CircleListing>> ListAsync(string? regionCode, string? nameContains, string? afterId, int limit,
        CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var where = new List<string>();
        if (regionCode is not null)
        {
            where.Add("region_code = @region");
            ProjectionOffsets.AddParameter(command, "@region", regionCode);
        }
        if (!string.IsNullOrEmpty(nameContains))
        {
            where.Add("name_lower LIKE @pattern ESCAPE '\\'");
            ProjectionOffsets.AddParameter(command, "@pattern", "%" + EscapeLike(nameContains.ToLowerInvariant()) + "%");
        }
        if (afterId is not null)
        {
            where.Add("circle_id > @after");
            ProjectionOffsets.AddParameter(command, "@after", afterId);
        }
        command.CommandText = $"""
            SELECT circle_id, name, description, region_code, owner_id, member_count, created_at FROM circle_directory
            {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")}
            ORDER BY circle_id LIMIT @limit
            """;
        ProjectionOffsets.AddParameter(command, "@limit", limit);
        return await ReadAsync(command, cancellationToken);
    }

    public async Task<CircleListing?> FindAsync(string circleId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT circle_id, name, description, region_code, owner_id, member_count, created_at FROM circle_directory
            WHERE circle_id = @id
            """;
        ProjectionOffsets.AddParameter(command, "@id", circleId);
        return (await ReadAsync(command, cancellationToken)).FirstOrDefault();
    }

    private static async Task<IReadOnlyList<CircleListing>> ReadAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<CircleListing>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(new CircleListing(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetInt64(5), DateTimeOffset.Parse(reader.GetString(6), CultureInfo.InvariantCulture)));
        return rows;
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
