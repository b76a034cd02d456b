using Akka.Persistence.Query;
using Community.Cluster.Circles;
using Community.Cluster.Hosting;
using Community.Cluster.Persistence;
using Community.Cluster.Tests.Support;
using Community.Contracts.Circles;
using Community.Contracts.Common;
using Community.Tests.Shared;

namespace Community.Cluster.Tests.Circles;

/// <summary>The circles read model on each storage: what the projection writes from circle events is what the GET
/// routes read, and a batch applied twice (a retry after a failed commit) changes nothing.</summary>
public abstract class CircleReadModelSpecs : IAsyncLifetime
{
    private readonly TempDirectory _dataDir = TempDirectory.Create();
    private readonly CircleReadModelProjection _projection = new();
    private static readonly CircleId Circle = new("c-xihu");
    private static readonly UserId Owner = new("u-owner");
    private long _seq;

    protected abstract StorageOptions Storage { get; }

    private JournalDatabase Database => new(new CommunityClusterOptions { DataDir = _dataDir.Path, Storage = Storage });

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync()
    {
        _dataDir.Dispose();
        return Task.CompletedTask;
    }

    private EventEnvelope Next(ICircleEvent evt) => new(new Sequence(++_seq), $"circle-{evt.CircleId}", _seq, evt, 0, [AreaTagger.TagOf<ICircleEvent>()]);

    private async Task ApplyAsync(params EventEnvelope[] batch)
    {
        await using var connection = Database.CreateConnection();
        await connection.OpenAsync();
        await _projection.EnsureSchemaAsync(connection, CancellationToken.None);
        await using var transaction = await connection.BeginTransactionAsync();
        await _projection.ApplyAsync(connection, transaction, batch, CancellationToken.None);
        await transaction.CommitAsync();
    }

    private static PostCreated Post(string postId, string text, string? topicId = null, string author = "u-owner") =>
        new(Circle, postId, new UserId(author), "小明", text, ["https://img.example.cn/1.jpg"], topicId, Samples.At);

    [Fact]
    public async Task Posts_comments_likes_counts_and_topics_are_read_back_as_the_events_left_them()
    {
        var batch = new[]
        {
            Next(new CircleCreated(Circle, Owner, "西湖", "the lake", "330106", Samples.At)),
            Next(new MemberAdmitted(Circle, Owner, "u-owner@2", 1, Samples.At)),
            Next(new MemberAdmitted(Circle, new UserId("u-2"), "u-2@2", 2, Samples.At)),
            Next(new TopicCreated(Circle, "t-dawn", Owner, "#晨光#", "before 7", Samples.At, Samples.At.AddDays(1), Samples.At)),
            Next(Post("p-1", "<b>断桥</b> & 'quotes'", "t-dawn")),
            Next(Post("p-2", "白堤", "t-dawn", author: "u-2")),
            Next(Post("p-3", "雷峰塔")),
            Next(new CommentAdded(Circle, "p-1", "m-1", new UserId("u-2"), "小红", "好美", 1, Samples.At)),
            Next(new CommentAdded(Circle, "p-1", "m-2", Owner, "小明", "谢谢", 2, Samples.At)),
            Next(new LikeChanged(Circle, "p-1", new UserId("u-2"), true, 1, true, Samples.At)),
            Next(new LikeChanged(Circle, "p-1", Owner, true, 2, false, Samples.At)),
            Next(new LikeChanged(Circle, "p-1", Owner, false, 1, false, Samples.At)),
            Next(new PostRemoved(Circle, "p-3", Owner, "", Samples.At)),
        };
        await ApplyAsync(batch);
        // A retried batch (its commit failed after the rows were written elsewhere) leaves the same rows.
        await ApplyAsync(batch);

        var model = new CircleReadModel(Database);
        var circle = (await model.FindAsync("c-xihu", CancellationToken.None))!;
        Assert.Equal((2L, 13L), (circle.MemberCount, circle.LastSeq));

        var posts = await model.PostsAsync("c-xihu", afterSeq: null, beforeSeq: null, 10, CancellationToken.None);
        Assert.Equal(["p-1", "p-2"], posts.Select(p => p.PostId));
        var first = posts[0];
        Assert.Equal(("<b>断桥</b> & 'quotes'", 5L, 1L, 2L, "t-dawn"), (first.Text, first.Seq, first.LikeCount, first.CommentCount, first.TopicId));
        Assert.Equal(["https://img.example.cn/1.jpg"], first.ImageUrls.ToArray());
        Assert.Equal(Samples.At, first.CreatedAt);

        var newest = await model.PostsAsync("c-xihu", afterSeq: null, beforeSeq: long.MaxValue, 1, CancellationToken.None);
        Assert.Equal("p-2", Assert.Single(newest).PostId);
        Assert.False(await model.PostExistsAsync("c-xihu", "p-3", CancellationToken.None));

        var comments = await model.CommentsAsync("c-xihu", "p-1", 0, 10, CancellationToken.None);
        Assert.Equal([("m-1", 8L), ("m-2", 9L)], comments.Select(c => (c.CommentId, c.Seq)));
        Assert.Equal(["m-2"], (await model.CommentsAsync("c-xihu", "p-1", 8, 10, CancellationToken.None)).Select(c => c.CommentId));

        var topic = Assert.Single(await model.TopicsAsync("c-xihu", CancellationToken.None));
        Assert.Equal(("#晨光#", 2L, 2L), (topic.Title, topic.PostCount, topic.ParticipantCount));
    }

    [Fact]
    public async Task Circles_are_listed_by_region_and_found_by_part_of_their_name_case_insensitively()
    {
        await ApplyAsync(
            Next(new CircleCreated(new CircleId("c-a"), Owner, "Running 跑团", "", "330106", Samples.At)),
            Next(new CircleCreated(new CircleId("c-b"), Owner, "100% 摄影_club", "", "330100", Samples.At)));

        var model = new CircleReadModel(Database);
        Assert.Equal(["c-a"], (await model.ListAsync("330106", null, null, 10, CancellationToken.None)).Select(c => c.CircleId));
        Assert.Equal(["c-a"], (await model.ListAsync(null, "RUNNING", null, 10, CancellationToken.None)).Select(c => c.CircleId));
        // LIKE wildcards in the search are literal characters.
        Assert.Equal(["c-b"], (await model.ListAsync(null, "0% 摄影_", null, 10, CancellationToken.None)).Select(c => c.CircleId));
        Assert.Empty(await model.ListAsync(null, "_x", null, 10, CancellationToken.None));
    }
}

public sealed class SqliteCircleReadModelSpecs : CircleReadModelSpecs
{
    protected override StorageOptions Storage { get; } = new();
}

/// <summary>Needs COMMUNITY_TEST_POSTGRES (ops/test.sh sets it).</summary>
public sealed class PostgresCircleReadModelSpecs : CircleReadModelSpecs
{
    private readonly PostgresDatabase _postgres = new();

    protected override StorageOptions Storage => new() { Provider = StorageOptions.Postgres, ConnectionString = _postgres.ConnectionString };

    public override Task InitializeAsync() => _postgres.InitializeAsync();

    public override async Task DisposeAsync()
    {
        await _postgres.DisposeAsync();
        await base.DisposeAsync();
    }
}
