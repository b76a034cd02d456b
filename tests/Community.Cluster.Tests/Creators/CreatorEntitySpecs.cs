using System.Text.Json;
using Akka.Actor;
using Community.Cluster.Creators;
using Community.Cluster.Tests.Hosting;
using Community.Cluster.Tests.Support;
using Community.Contracts.Circles;
using Community.Contracts.Common;
using Community.Contracts.Creators;
using Community.Contracts.Users;

namespace Community.Cluster.Tests.Creators;

public sealed class CreatorEntitySpecs : EntitySpec
{
    private readonly IActorRef _creator;

    public CreatorEntitySpecs() => _creator = Sys.ActorOf(CreatorEntity.Props("cr-anji", Settings));

    [Fact]
    public void Registering_a_creator_is_accepted_and_it_reads_back_pending()
    {
        Assert.Equal(new CommandAccepted(1), Send<CommandAccepted>(_creator, Samples.Creator("cr-anji", OrgTypes.Institution)));

        var view = Send<CreatorView>(_creator, new GetCreator(new CreatorId("cr-anji")));
        Assert.Equal(("安吉发布", OrgTypes.Institution, "330523", CreatorStatuses.Pending, 1L),
            (view.Name, view.OrgType, view.RegionCode, view.Status, view.Seq));
        AssertNothingPublished();
    }

    [Fact]
    public void An_unknown_organisation_type_is_rejected_as_invalid_and_the_creator_stays_unregistered()
    {
        Rejected(_creator, Samples.Creator("cr-anji", "company"), RejectionReason.Invalid);

        Rejected(_creator, new GetCreator(new CreatorId("cr-anji")), RejectionReason.NotFound);
    }

    [Fact]
    public void Registering_twice_is_rejected_as_already_existing()
    {
        Send<CommandAccepted>(_creator, Samples.Creator("cr-anji"));

        Rejected(_creator, Samples.Creator("cr-anji", OrgTypes.Individual), RejectionReason.AlreadyExists);

        Assert.Equal(OrgTypes.CountyMediaCenter, Send<CreatorView>(_creator, new GetCreator(new CreatorId("cr-anji"))).OrgType);
    }

    [Fact]
    public void A_creator_that_never_registered_is_not_found() =>
        Rejected(_creator, new GetCreator(new CreatorId("cr-anji")), RejectionReason.NotFound);

    [Fact]
    public void A_message_meant_for_another_entity_kind_is_rejected_as_invalid()
    {
        Send<CommandAccepted>(_creator, Samples.Creator("cr-anji"));

        Rejected(_creator, new GetCircle(new CircleId("c-1")), RejectionReason.Invalid);
    }

    [Fact]
    public async Task A_published_work_is_told_live_after_it_is_in_the_journal_with_its_title_and_tiers()
    {
        Send<CommandAccepted>(_creator, Samples.Creator("cr-anji"));
        Send<CommandAccepted>(_creator, CreatorSamples.Verify("cr-anji"));
        Assert.Equal(CreatorLive.VerificationDecided, ExpectLive().Kind);
        var workId = CreatorSamples.WorkId("cr-anji");

        Assert.Equal(new CommandAccepted(4), Send<CommandAccepted>(_creator, CreatorSamples.Article("cr-anji", workId, "u-anji", publish: true)));

        var created = ExpectLive();
        Assert.Equal((LiveChannel.Creator, "cr-anji", 3L, CreatorLive.WorkCreated), (created.Channel, created.StreamId, created.Seq, created.Kind));
        using var data = JsonDocument.Parse(created.DataJson);
        Assert.Equal((workId, "安吉白茶开采"), (data.RootElement.GetProperty("workId").GetString(), data.RootElement.GetProperty("title").GetString()));
        var published = ExpectLive();
        Assert.Equal((4L, CreatorLive.WorkPublished), (published.Seq, published.Kind));
        Assert.Contains("\"targetTiers\":[\"county\",\"city\"]", published.DataJson);

        // The events are in the journal before they are told.
        Assert.Equal(["creator-registered.v1", "creator-verification-decided.v1", "work-created.v1", "work-published.v1"],
            (await Journal.EventsAsync("creator-cr-anji")).Select(e => e.Manifest));
    }

    [Fact]
    public void A_correction_is_told_live_with_its_version_and_note_and_a_repeat_tells_nothing()
    {
        Send<CommandAccepted>(_creator, Samples.Creator("cr-anji"));
        Send<CommandAccepted>(_creator, CreatorSamples.Verify("cr-anji"));
        var workId = CreatorSamples.WorkId("cr-anji");
        Send<CommandAccepted>(_creator, CreatorSamples.Article("cr-anji", workId, "u-anji", publish: true));
        ExpectLive();
        ExpectLive();
        ExpectLive();

        var correction = new ReviseWork(new CreatorId("cr-anji"), workId, new UserId("u-anji"), CreatorSamples.Text with { Body = "更正后的正文" },
            "更正：采摘时间为清明前", Samples.At.AddHours(2));
        Assert.Equal(new CommandAccepted(5), Send<CommandAccepted>(_creator, correction));

        var corrected = ExpectLive();
        Assert.Equal(CreatorLive.WorkCorrected, corrected.Kind);
        using var data = JsonDocument.Parse(corrected.DataJson);
        Assert.Equal((2, "更正：采摘时间为清明前"), (data.RootElement.GetProperty("version").GetInt32(), data.RootElement.GetProperty("note").GetString()));

        Assert.Equal(new CommandAccepted(5), Send<CommandAccepted>(_creator, correction));
        AssertNothingPublished();
    }

    [Fact]
    public void A_refused_publish_tells_nothing()
    {
        Send<CommandAccepted>(_creator, Samples.Creator("cr-anji"));

        Assert.Equal("Only verified creators publish.",
            Rejected(_creator, CreatorSamples.Article("cr-anji", CreatorSamples.WorkId("cr-anji"), "u-anji", publish: true), RejectionReason.Forbidden).Detail);
        AssertNothingPublished();
    }
}

/// <summary>Works written for the creator specs: Anji's white tea, with realistic ids.</summary>
internal static class CreatorSamples
{
    public static readonly WorkContent Text = new("安吉白茶开采", "清明前后，安吉白茶进入采摘期。\n\n茶农凌晨上山。", null, null, []);

    private static int _next;

    /// <summary>A fresh work id of the account: 26 characters of [a-z2-7] after the account's id.</summary>
    public static string WorkId(string creatorId)
    {
        var n = Interlocked.Increment(ref _next);
        const string alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        var suffix = new char[26];
        for (var i = 0; i < suffix.Length; i++) suffix[i] = alphabet[(int)((uint)(n * 2654435761u + i * 40503u) % 32)];
        for (var i = 0; i < 6; i++) suffix[25 - i] = alphabet[(n >> (5 * i)) & 31];
        return WorkIds.Of(new CreatorId(creatorId), new string(suffix));
    }

    public static RegisterCreator Register(string creatorId, string ownerId, string name, string regionCode) =>
        new(new CreatorId(creatorId), new UserId(ownerId), name, OrgTypes.CountyMediaCenter, regionCode, Samples.At);

    public static DecideVerification Verify(string creatorId) =>
        new(new CreatorId(creatorId), true, "资质审核通过", new UserId("u-platform-mod"), Samples.At.AddMinutes(30));

    public static CreateWork Article(string creatorId, string workId, string by, bool publish) =>
        new(new CreatorId(creatorId), workId, new UserId(by), WorkKinds.Article, Text, [Tiers.County, Tiers.City], publish, Samples.At.AddHours(1));
}

/// <summary>A creator account's works outlive its actor system: the journal brings them back.</summary>
public sealed class CreatorRecoverySpecs : IDisposable
{
    private readonly TempDirectory _dataDir = TempDirectory.Create();

    [Fact]
    public async Task After_a_restart_the_account_keeps_its_works_their_versions_and_its_idempotent_answers()
    {
        var database = TestHocon.Sqlite(_dataDir.Path);
        var workId = CreatorSamples.WorkId("cr-anji");
        var draftId = CreatorSamples.WorkId("cr-anji");
        var create = CreatorSamples.Article("cr-anji", workId, "u-anji", publish: true);
        CreatorView before;
        await using (var node = EntityNode.Start(database))
        {
            var creator = node.Creator("cr-anji");
            await node.AskAsync<CommandAccepted>(creator, Samples.Creator("cr-anji"));
            await node.AskAsync<CommandAccepted>(creator, CreatorSamples.Verify("cr-anji"));
            Assert.Equal(new CommandAccepted(4), await node.AskAsync<CommandAccepted>(creator, create));
            await node.AskAsync<CommandAccepted>(creator, CreatorSamples.Article("cr-anji", draftId, "u-anji", publish: false));
            await node.AskAsync<CommandAccepted>(creator, new ReviseWork(new CreatorId("cr-anji"), workId, new UserId("u-anji"),
                CreatorSamples.Text with { Title = "安吉白茶开采（更正）" }, "标题更正", Samples.At.AddHours(2)));
            before = await node.AskAsync<CreatorView>(creator, new GetCreator(new CreatorId("cr-anji")));
        }

        await using var restarted = EntityNode.Start(database);
        var recovered = restarted.Creator("cr-anji");
        var after = await restarted.AskAsync<CreatorView>(recovered, new GetCreator(new CreatorId("cr-anji")));
        Same.Assert(before, after);
        Assert.Equal((CreatorStatuses.Verified, 2, 6L), (after.Status, after.WorkCount, after.Seq));

        // The create retried after the restart is answered as the first; the draft is still a draft to publish.
        Assert.Equal(new CommandAccepted(3), await restarted.AskAsync<CommandAccepted>(recovered, create));
        Assert.Equal(new CommandAccepted(7), await restarted.AskAsync<CommandAccepted>(recovered, new PublishWork(new CreatorId("cr-anji"), draftId,
            new UserId("u-anji"), Samples.At.AddHours(3))));
        // The corrected work is at version 2: the next correction makes version 3.
        Assert.Equal(new CommandAccepted(8), await restarted.AskAsync<CommandAccepted>(recovered, new ReviseWork(new CreatorId("cr-anji"), workId,
            new UserId("u-anji"), CreatorSamples.Text with { Title = "安吉白茶开采（再更正）" }, "再次更正", Samples.At.AddHours(4))));
    }

    [Fact]
    public async Task An_account_recovered_from_its_snapshot_alone_keeps_its_staff_works_and_reprints()
    {
        var database = TestHocon.Sqlite(_dataDir.Path);
        var workId = CreatorSamples.WorkId("cr-anji");
        var reprintId = CreatorSamples.WorkId("cr-anji");
        await using (var node = EntityNode.Start(database, snapshotEvery: 5))
        {
            var creator = node.Creator("cr-anji");
            await node.AskAsync<CommandAccepted>(creator, Samples.Creator("cr-anji"));
            await node.AskAsync<CommandAccepted>(creator, CreatorSamples.Verify("cr-anji"));
            await node.AskAsync<CommandAccepted>(creator, new AddStaff(new CreatorId("cr-anji"), new UserId("u-editor"), new UserId("u-anji"), Samples.At));
            await node.AskAsync<CommandAccepted>(creator, CreatorSamples.Article("cr-anji", workId, "u-editor", publish: false));
            await node.AskAsync<CommandAccepted>(creator, new FollowOriginal(new CreatorId("cr-anji"), reprintId, new CreatorId("cr-huzhou"),
                CreatorSamples.WorkId("cr-huzhou"), 1, false, null, Samples.At.AddHours(1)));
            await Eventually.TrueAsync(async () => (await new JournalTables(database).SnapshotsAsync("creator-cr-anji")).Count == 1, "the snapshot is saved");
        }
        var tables = new JournalTables(database);
        Assert.Equal("creator-state.v3", Assert.Single(await tables.SnapshotsAsync("creator-cr-anji")).Manifest);
        await tables.DeleteEventsUpToAsync("creator-cr-anji", 5);

        await using var restarted = EntityNode.Start(database);
        var recovered = restarted.Creator("cr-anji");
        var view = await restarted.AskAsync<CreatorView>(recovered, new GetCreator(new CreatorId("cr-anji")));
        Assert.Equal((CreatorStatuses.Verified, 1, 5L), (view.Status, view.WorkCount, view.Seq));
        Assert.True(view.IsStaff("u-editor"));
        // The draft is still the editor's to publish; the reprint still follows its original.
        Assert.Equal(new CommandAccepted(6), await restarted.AskAsync<CommandAccepted>(recovered,
            new PublishWork(new CreatorId("cr-anji"), workId, new UserId("u-editor"), Samples.At.AddHours(2))));
        var reprint = await restarted.AskAsync<CommandRejected>(recovered, new ReviseWork(new CreatorId("cr-anji"), reprintId, new UserId("u-editor"),
            CreatorSamples.Text, "note", Samples.At.AddHours(2)));
        Assert.Equal(RejectionReason.InvalidState, reprint.Reason);
    }

    public void Dispose() => _dataDir.Dispose();
}

/// <summary>A reprint through the shard regions, as the web host sends it: to the reprinter's account, which hands it on
/// to the original's, whose answer reaches the caller.</summary>
public sealed class CreatorReprintRoutingSpecs(HostedNode node) : IClassFixture<HostedNode>
{
    [Fact]
    public async Task A_reprint_sent_to_the_reprinter_is_answered_by_the_originals_account()
    {
        var original = Samples.NewId("cr");
        var reprinter = Samples.NewId("cr");
        await SetUpAsync(original, "u-anji", "安吉发布", "330523");
        await SetUpAsync(reprinter, "u-huzhou", "湖州发布", "330500");
        var workId = CreatorSamples.WorkId(original);
        Assert.Equal(new CommandAccepted(4), await node.Gateway.SendAsync<CreatorRegion>(CreatorSamples.Article(original, workId, "u-anji", publish: true)));
        var reprintId = CreatorSamples.WorkId(reprinter);
        var reprint = new ReprintWork(new CreatorId(reprinter), reprintId, new CreatorId(original), workId, new UserId("u-huzhou"), Samples.At.AddHours(2));

        // The original's seq: its WorkReprinted is the fifth event of its journal.
        Assert.Equal(new CommandAccepted(5), await node.Gateway.SendAsync<CreatorRegion>(reprint));
        Assert.Equal(new CommandAccepted(5), await node.Gateway.SendAsync<CreatorRegion>(reprint));

        var again = Assert.IsType<CommandRejected>(await node.Gateway.SendAsync<CreatorRegion>(reprint with { ReprintId = CreatorSamples.WorkId(reprinter) }));
        Assert.Equal((RejectionReason.AlreadyExists, "Already reprinted."), (again.Reason, again.Detail));
        var unknown = Assert.IsType<CommandRejected>(await node.Gateway.SendAsync<CreatorRegion>(
            reprint with { ReprintId = CreatorSamples.WorkId(reprinter), OriginalWorkId = CreatorSamples.WorkId(original) }));
        Assert.Equal(RejectionReason.NotFound, unknown.Reason);
    }

    [Fact]
    public async Task A_reprint_of_a_draft_is_refused_by_the_original_and_the_caller_hears_why()
    {
        var original = Samples.NewId("cr");
        var reprinter = Samples.NewId("cr");
        await SetUpAsync(original, "u-anji", "安吉发布", "330523");
        await SetUpAsync(reprinter, "u-huzhou", "湖州发布", "330500");
        var workId = CreatorSamples.WorkId(original);
        await node.Gateway.SendAsync<CreatorRegion>(CreatorSamples.Article(original, workId, "u-anji", publish: false));

        var refused = Assert.IsType<CommandRejected>(await node.Gateway.SendAsync<CreatorRegion>(new ReprintWork(new CreatorId(reprinter),
            CreatorSamples.WorkId(reprinter), new CreatorId(original), workId, new UserId("u-huzhou"), Samples.At.AddHours(2))));

        Assert.Equal((RejectionReason.InvalidState, "Only a published work is reprinted."), (refused.Reason, refused.Detail));
    }

    private async Task SetUpAsync(string creatorId, string ownerId, string name, string regionCode)
    {
        Assert.Equal(new CommandAccepted(1), await node.Gateway.SendAsync<CreatorRegion>(CreatorSamples.Register(creatorId, ownerId, name, regionCode)));
        Assert.Equal(new CommandAccepted(2), await node.Gateway.SendAsync<CreatorRegion>(CreatorSamples.Verify(creatorId)));
    }
}
