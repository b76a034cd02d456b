using System.Text;
using Akka.Actor;
using Akka.Serialization;
using Community.Cluster.Circles;
using Community.Cluster.Creators;
using Community.Cluster.HelpTickets;
using Community.Cluster.Serialization;
using Community.Cluster.Tests.Support;
using Community.Cluster.Users;
using Community.Contracts.Circles;
using Community.Contracts.Common;
using Community.Contracts.Creators;
using Community.Contracts.HelpTickets;
using Community.Contracts.Users;

namespace Community.Cluster.Tests.Serialization;

/// <summary>Everything in the journal, in snapshots and on the wire between nodes goes through our serializer under a
/// stable manifest: a persisted event must read back identically after any refactoring of .NET names.</summary>
public sealed class CommunitySerializerSpecs : IAsyncLifetime
{
    private readonly ActorSystem _system = ActorSystem.Create("serialization", TestHocon.Serialization());

    private Akka.Serialization.Serialization Serialization => _system.Serialization;

    /// <summary>One realistic instance of every type in <see cref="Manifests"/>, nulls and Chinese text included.</summary>
    public static IReadOnlyList<object> Examples { get; } = BuildExamples();

    public static TheoryData<string> AllManifests() => [.. Manifests.All.Keys.Order()];

    [Fact]
    public void There_is_an_example_of_every_registered_type_and_nothing_else()
    {
        var examples = Examples.Select(e => e.GetType()).ToHashSet();
        var registered = Manifests.All.Values.ToHashSet();

        Assert.Empty(registered.Except(examples).Select(t => t.Name));
        Assert.Empty(examples.Except(registered).Select(t => t.Name));
    }

    [Theory]
    [MemberData(nameof(AllManifests))]
    public void Every_registered_type_round_trips_through_the_community_serializer_under_its_stable_manifest(string manifest)
    {
        var original = Examples.Single(e => e.GetType() == Manifests.TypeOf(manifest));

        var serializer = Serialization.FindSerializerFor(original);
        Assert.IsType<CommunitySerializer>(serializer);
        Assert.Equal(CommunitySerializer.Id, serializer.Identifier);
        Assert.Equal(manifest, Akka.Serialization.Serialization.ManifestFor(serializer, original));
        Assert.Matches(@"^[a-z]+(-[a-z]+)*\.v[0-9]+$", manifest);

        var bytes = serializer.ToBinary(original);
        var json = Encoding.UTF8.GetString(bytes);
        Assert.DoesNotContain("Community.", json, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", json, StringComparison.Ordinal);
        Assert.DoesNotContain("$type", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Version=", json, StringComparison.Ordinal);

        var restored = Serialization.Deserialize(bytes, CommunitySerializer.Id, manifest);
        Same.Assert(original, restored);
    }

    [Fact]
    public void Every_message_and_event_type_of_the_contracts_and_every_entity_state_has_a_manifest()
    {
        var missing = new[] { typeof(ICommunityMessage).Assembly, typeof(UserState).Assembly }
            .SelectMany(assembly => assembly.GetTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICommunityMessage).IsAssignableFrom(t))
            .Where(t => !Manifests.All.Values.Contains(t))
            .Select(t => t.FullName)
            .ToList();

        Assert.True(missing.Count == 0,
            $"These types would be persisted or sent without a stable name; give each a [Manifest] attribute: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_event_type_of_the_contracts_is_registered()
    {
        // The broader test above covers this too; events get their own so a missing one is named as an event.
        var events = typeof(ICommunityEvent).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICommunityEvent).IsAssignableFrom(t))
            .ToList();

        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.Matches(@"\.v[0-9]+$", Manifests.Of(e)));
    }

    [Fact]
    public void An_event_is_stored_as_plain_json_with_typed_ids_as_strings()
    {
        var bytes = Serialization.FindSerializerFor(Examples.OfType<RoleGranted>().Single())
            .ToBinary(Examples.OfType<RoleGranted>().Single());

        // The stored shape is part of the contract with every journal already written: pin it.
        Assert.Equal(
            """{"userId":"u-xiaoming","role":"department","departmentId":"hz-housing","grantedBy":"u-admin","at":"2026-11-23T10:30:15.123+08:00"}""",
            Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Rejection_reasons_are_written_as_names_not_numbers()
    {
        var rejected = new CommandRejected(RejectionReason.AlreadyExists, "taken");

        var json = Encoding.UTF8.GetString(Serialization.FindSerializerFor(rejected).ToBinary(rejected));

        Assert.Equal("""{"reason":"alreadyExists","detail":"taken"}""", json);
    }

    [Fact]
    public void A_stored_event_missing_a_field_fails_to_read_instead_of_reading_half()
    {
        var serializer = (SerializerWithStringManifest)Serialization.FindSerializerForType(typeof(ProfileUpdated));
        var incomplete = Encoding.UTF8.GetBytes("""{"userId":"u-1","displayName":"A","at":"2026-11-23T10:30:15+08:00"}""");

        Assert.ThrowsAny<Exception>(() => serializer.FromBinary(incomplete, "profile-updated.v1"));
    }

    [Fact]
    public void An_unknown_manifest_is_refused()
    {
        var serializer = (SerializerWithStringManifest)Serialization.FindSerializerForType(typeof(ProfileUpdated));

        var error = Assert.Throws<System.Runtime.Serialization.SerializationException>(
            () => serializer.FromBinary("{}"u8.ToArray(), "profile-updated.v9"));
        Assert.Contains("profile-updated.v9", error.Message);
    }

    [Fact]
    public void A_type_without_a_manifest_cannot_be_serialized_by_accident()
    {
        var serializer = (SerializerWithStringManifest)Serialization.FindSerializerForType(typeof(ProfileUpdated));

        var error = Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.Manifest(new Unregistered("x")));
        Assert.Contains("[Manifest(", error.Message);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _system.Terminate();

    private sealed record Unregistered(string Value) : ICommunityMessage;

    private static List<object> BuildExamples()
    {
        var at = Samples.At;
        var userId = new UserId("u-xiaoming");
        var registered = new UserRegistered(userId, "xiaoming", "AQAAAAIAAYagAAAAE+hash", "小明", "330106", at);
        var granted = new RoleGranted(userId, Roles.Department, "hz-housing", new UserId("u-admin"), at.AddHours(1));
        var circleId = new CircleId("c-run");
        var joined = new CircleJoined(userId, circleId, at);
        var sessionStarted = new SessionStarted(userId, "s-0123456789abcdef0123456789abcdef", "county-330521", "203.0.113.7",
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", at);
        var sessionRefreshed = new SessionRefreshed(userId, sessionStarted.SessionId,
            "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752", at.AddMinutes(15));
        var userState = UserState.Empty(userId.Value).Apply(registered).Apply(granted).Apply(joined).Apply(sessionStarted)
            .Apply(sessionRefreshed) with { Points = 42, Following = ["cr-anji", "cr-xihu"] };
        var topicCreated = new TopicCreated(circleId, "t-1", userId, "#晨跑#", "run before work", at, at.AddDays(3), at);
        var postCreated = new PostCreated(circleId, "p-1", userId, "小明", "10 km along 西湖", ["https://img.example.cn/a.jpg"], "t-1", at);
        var commentAdded = new CommentAdded(circleId, "p-1", "m-1", userId, "小明", "加油", 1, at);
        var likeChanged = new LikeChanged(circleId, "p-1", new UserId("u-2"), true, 1, false, at);
        var postTicketChanged = new PostTicketChanged(circleId, "p-1", new TicketId("tk-1"), 1, TicketStatuses.Submitted, null, null, at);
        var admitted = new MemberAdmitted(circleId, userId, "u-xiaoming@3", 1, at);
        var circleCreated = new CircleCreated(new CircleId("c-run"), userId, "跑团圈", "running group circle", "330100", at);
        var creatorRegistered = new CreatorRegistered(new CreatorId("cr-anji"), userId, "安吉发布", OrgTypes.CountyMediaCenter, "330523", at);
        var creatorId = creatorRegistered.CreatorId;
        var editor = new UserId("u-editor");
        var workId = WorkIds.Of(creatorId, "abcdefghijklmnopqrstuvwxyz");
        var reprintId = WorkIds.Of(new CreatorId("cr-huzhou"), "234567abcdefghijklmnopqrst");
        var gallery = new WorkContent("安吉竹海", "清晨的竹林\n\n雾气未散", null, null,
            [new GalleryImage("https://img.example.cn/bamboo-1.jpg", "竹海日出"), new GalleryImage("https://img.example.cn/bamboo-2.jpg", "")]);
        var corrected = gallery with { Body = "清晨的竹林（安吉）" };
        var verified = new CreatorVerificationDecided(creatorId, true, "资质审核通过", new UserId("u-mod"), at);
        var workCreated = new WorkCreated(creatorId, workId, editor, WorkKinds.Gallery, gallery, [Tiers.County, Tiers.City], "330523", at);
        var workPublished = new WorkPublished(creatorId, workId, editor, [Tiers.County, Tiers.City], "330523", at);
        var workRevised = new WorkRevised(creatorId, workId, editor, 2, corrected, "更正：拍摄地点为安吉", true, at);
        var workReprinted = new WorkReprinted(creatorId, workId, reprintId, new CreatorId("cr-huzhou"), "湖州发布", "330500",
            new UserId("u-huzhou"), at);
        var reprintFollowed = new ReprintFollowed(new CreatorId("cr-huzhou"), reprintId, creatorId, workId, 2, false, "更正：拍摄地点为安吉", at);
        var creatorState = CreatorState.Empty(creatorId.Value).Apply(creatorRegistered).Apply(verified)
            .Apply(new StaffAdded(creatorId, editor, userId, at)).Apply(workCreated).Apply(workPublished).Apply(workRevised)
            .Apply(workReprinted).Apply(reprintFollowed with { CreatorId = creatorId, ReprintId = WorkIds.Of(creatorId, "zzzzzzzzzzzzzzzzzzzzzzzzzz") });
        var taskTerms = new TaskTerms("task-views", "本周阅读 1000", TaskMetrics.Views, 1000, at, at.AddDays(7),
            new TaskReward(100, new TaskBoost(1.5, at.AddDays(14))), new TaskAudience([Tiers.County], ["330500"]));
        var taskStanding = new TaskStanding(taskTerms, 1200);
        var totals = new CreatorTotals(12, 3, 1200, 40, 5, 0);
        var taskCompleted = new TaskCompleted(creatorId, "task-views", "本周阅读 1000", TaskMetrics.Views, 1200, 1000, taskTerms.Reward, at);
        var incentiveGranted = new IncentiveGranted(creatorId, "task-views", "cr-anji/task-views", 100, [userId.Value, editor.Value],
            new TaskBoost(1.5, at.AddDays(14)), [workId], at);
        var taskDefined = new TaskDefined("task-views", taskTerms, new UserId("u-mod"), at);
        var workLiked = new WorkLikeChanged(userId, workId, creatorId, true, at);
        var pointsGranted = new PointsGranted(userId, "cr-anji/task-views", 100, "task:task-views", at);
        creatorState = creatorState.Apply(new StatsPublished(creatorId, totals, at))
            .Apply(new TaskProgressed(creatorId, "task-likes", 10, 50, at)).Apply(taskCompleted).Apply(incentiveGranted);
        userState = userState.Apply(workLiked).Apply(pointsGranted);
        var location = new GeoLocation(30.2741, 120.1551, null);
        var ticketId = new TicketId("t-1");
        var ticketFiled = new TicketFiled(ticketId, userId, "小王", TicketKinds.Complaint, "噪音", "施工 at night", "330106",
            "environment", null, new TicketContact("13800000000"), new TicketPrivacy(true, false),
            new TicketSource(new CircleId("c-run"), "p-1"), at.AddDays(1), at);
        var moderatorActor = new TicketActor(new UserId("u-mod"), TicketActorRoles.Moderator);
        var departmentActor = new TicketActor(new UserId("u-staff"), TicketActorRoles.Department, "d-330106-environment");
        var citizenActor = new TicketActor(userId, TicketActorRoles.Citizen);
        var ticketAccepted = new TicketAccepted(ticketId, moderatorActor, "诉求明确", at);
        var ticketAssigned = new TicketAssigned(ticketId, "d-330106-environment", null, moderatorActor, "诉求明确", at.AddDays(2), at);
        var ticketReplied = new TicketReplied(ticketId, "d-330106-environment", departmentActor, "rp-1", "已派人核查", true, true, at.AddDays(7), at);
        var ticketEscalated = new TicketEscalated(ticketId, 1, TicketStages.Resolution, "d-330100-environment", at.AddDays(7), at.AddDays(8));
        var ticketResolved = new TicketResolved(ticketId, "d-330106-environment", departmentActor, "已整改", at.AddDays(15), at.AddDays(9));
        var ticketReopened = new TicketReopened(ticketId, "d-330106-environment", citizenActor, 2, "还有噪音", at.AddDays(12), at.AddDays(10));
        var ticketState = HelpTicketState.Empty("t-1").Apply(ticketFiled).Apply(ticketAccepted).Apply(ticketAssigned).Apply(ticketReplied)
            .Apply(ticketEscalated).Apply(ticketResolved).Apply(ticketReopened);
        var reportAttached = new TicketReportAttached(ticketId, new UserId("u-reporter"), "记者小林", "rr-1", "路灯一周不亮",
            "https://news.example.cn/a/1", "记者走访文三路", at);
        ticketState = ticketState.Apply(new TicketFollowed(ticketId, new UserId("u-reporter"), at)).Apply(reportAttached);

        return
        [
            new CommandAccepted(7),
            new CommandRejected(RejectionReason.NotFound, "User u-1 does not exist."),
            new LiveEvent(LiveChannel.Circle, "c-run", 3, "postAdded", """{"text":"早上好"}"""),
            new LiveFollowRevoked("circle:c-run", userId, "You are banned from this circle."),
            new RegisterUser(userId, "xiaoming", "AQAAAAIAAYagAAAAE+hash", "小明", "330106", at),
            new UpdateProfile(userId, null, "330100", at),
            new GrantRole(userId, Roles.Moderator, null, new UserId("u-admin"), at),
            new GetUser(userId),
            registered,
            new ProfileUpdated(userId, "小红", "330100", at),
            granted,
            userState.ToView(),
            userState,
            new UserStateV2(userId, true, "xiaoming", "AQAAAAIAAYagAAAAE+hash", "小明", "330106", [Roles.Reader], null, 0, [], 1, at,
                System.Collections.Immutable.ImmutableDictionary<string, MembershipChange>.Empty, 2,
                System.Collections.Immutable.ImmutableDictionary<string, UserSession>.Empty),
            new UserStateV1(userId, true, "xiaoming", "AQAAAAIAAYagAAAAE+hash", "小明", "330106", [Roles.Reader], null, 0, [], 1, at,
                System.Collections.Immutable.ImmutableDictionary<string, MembershipChange>.Empty),
            new StartSession(userId, sessionStarted.SessionId, "chao-news", null, sessionStarted.RefreshHash, at),
            new RefreshSession(userId, sessionStarted.SessionId, sessionStarted.RefreshHash, sessionRefreshed.RefreshHash,
                TimeSpan.FromDays(30), at),
            new EndSession(userId, sessionStarted.SessionId, "signed-out", at),
            new RevokeRole(userId, Roles.Moderator, new UserId("u-admin"), at),
            new GetAuth(userId),
            new GetSessions(userId),
            sessionStarted,
            sessionRefreshed,
            new SessionEnded(userId, sessionStarted.SessionId, "refresh-token-reused", at),
            new RoleRevoked(userId, Roles.Moderator, new UserId("u-admin"), at),
            new SessionView(sessionStarted.SessionId, "county-330521", at, at.AddMinutes(15)),
            userState.ToAuth(),
            new UserSessions(userId, [new SessionView(sessionStarted.SessionId, "county-330521", at, at.AddMinutes(15))]),
            new AuthChanged(userState.ToAuth()),
            new CreateCircle(new CircleId("c-run"), userId, "跑团圈", "running group circle", "330100", at),
            new GetCircle(new CircleId("c-run")),
            circleCreated,
            new CircleView(new CircleId("c-run"), userId, "跑团圈", "running group circle", "330100", 12, 5, at),
            CircleState.Empty("c-run").Apply(circleCreated).Apply(admitted).Apply(topicCreated).Apply(postCreated).Apply(commentAdded)
                .Apply(likeChanged).Apply(postTicketChanged),
            new JoinCircle(userId, circleId, at),
            new LeaveCircle(userId, circleId, at),
            joined,
            new CircleLeft(userId, circleId, at),
            new CheckAdmission(circleId, userId),
            new AdmitMember(circleId, userId, "u-xiaoming@3", at),
            new ReleaseMember(circleId, userId, "u-xiaoming@9", at),
            new CreatePost(userId, circleId, "p-1", "小明", "10 km along 西湖", ["https://img.example.cn/a.jpg"], null, at),
            new AddComment(userId, circleId, "p-1", "m-1", "小明", "加油", at),
            new SetLike(userId, circleId, "p-1", true, at),
            new RemovePost(circleId, "p-1", userId, true, "rumour", at),
            new CreateTopic(circleId, "t-1", userId, true, "#晨跑#", "run before work", at, at.AddDays(3), at),
            new OpenTopic(userId, circleId, "t-2", "#夜跑#", "run after work", at, at.AddDays(3), at),
            new OpenCircleFeed(circleId, userId),
            new CircleFeed(circleId, 42),
            new AppointModerator(circleId, new UserId("u-2"), userId, at),
            new SetBan(circleId, new UserId("u-3"), true, userId, false, "spam", at),
            new PublishCounts(circleId, at),
            new UpdatePostTicket(circleId, "p-1", new TicketId("tk-1"), 3, TicketStatuses.Resolved, "d-330106-roads", "路灯已修复", at),
            new AddDepartmentReply(circleId, "p-1", new TicketId("tk-1"), 4, "dr-rp-1", "d-330106-roads", "西湖区城市管理局", "已安排维修", at),
            postTicketChanged,
            new DepartmentReplied(circleId, "p-1", "dr-rp-1", new TicketId("tk-1"), 4, "d-330106-roads", "西湖区城市管理局", "已安排维修", 2, at),
            admitted,
            new MemberReleased(circleId, userId, "u-xiaoming@9", 0, at, Published: true),
            new MemberCountPublished(circleId, 7, at),
            postCreated,
            commentAdded,
            likeChanged,
            new LikeCountPublished(circleId, "p-1", 3, at),
            new PostRemoved(circleId, "p-1", userId, "rumour", at),
            topicCreated,
            new ModeratorAppointed(circleId, new UserId("u-2"), userId, at),
            new BanChanged(circleId, new UserId("u-3"), true, userId, "spam", at),
            new RegisterCreator(new CreatorId("cr-anji"), userId, "安吉发布", OrgTypes.CountyMediaCenter, "330523", at),
            new GetCreator(new CreatorId("cr-anji")),
            creatorRegistered,
            new CreatorView(new CreatorId("cr-anji"), userId, "安吉发布", OrgTypes.CountyMediaCenter, "330523", CreatorStatuses.Verified, 3, at, ["u-anji"], "documents checked", 2),
            creatorState,
            new CreatorStateV1(creatorId, true, userId, "安吉发布", OrgTypes.CountyMediaCenter, "330523", CreatorStatuses.Pending, 1, at),
            new CreatorStateV2(creatorId, true, userId, "安吉发布", OrgTypes.CountyMediaCenter, "330523", CreatorStatuses.Verified, 3, at, "ok",
                [userId.Value], System.Collections.Immutable.ImmutableDictionary<string, WorkState>.Empty,
                System.Collections.Immutable.ImmutableDictionary<string, ReprintState>.Empty),
            new PublishStats(creatorId, totals, [taskStanding], at),
            new ExpireTask(creatorId, taskStanding, at.AddDays(7)),
            new StatsPublished(creatorId, totals, at),
            new TaskProgressed(creatorId, "task-likes", 10, 50, at),
            taskCompleted,
            incentiveGranted,
            new TaskFailed(creatorId, "task-likes", "点赞 50", 10, 50, at.AddDays(7)),
            new DefineTask(taskTerms, new UserId("u-mod"), at),
            new GetTask("task-views"),
            taskDefined,
            new TaskView(taskTerms, new UserId("u-mod"), at, 1),
            TaskState.Empty("task-views").Apply(taskDefined),
            new LikeWork(userId, workId, true, at),
            workLiked,
            new GrantPoints(userId, "cr-anji/task-views", 100, "task:task-views", at),
            new CommentOnWork(userId, workId, "m-kiqnn3kpiznhrsfbw2uww4dige", "拍得真好", at),
            new WorkCommented(userId, workId, creatorId, "m-kiqnn3kpiznhrsfbw2uww4dige", "小明", "拍得真好", at),
            pointsGranted,
            new DecideVerification(creatorId, true, "资质审核通过 documents checked", new UserId("u-mod"), at),
            new AddStaff(creatorId, editor, userId, at),
            new RemoveStaff(creatorId, editor, userId, at),
            new CreateWork(creatorId, workId, editor, WorkKinds.Gallery, gallery, [Tiers.County, Tiers.City], true, at),
            new PublishWork(creatorId, workId, editor, at),
            new ReviseWork(creatorId, workId, editor, corrected, "更正：拍摄地点为安吉", at),
            new WithdrawWork(creatorId, workId, editor, "版权问题", at),
            new ReprintWork(new CreatorId("cr-huzhou"), reprintId, creatorId, workId, new UserId("u-huzhou"), at),
            new RecordReprint(creatorId, workId, reprintId, new CreatorId("cr-huzhou"), "湖州发布", "330500", new UserId("u-huzhou"), at),
            new FollowOriginal(new CreatorId("cr-huzhou"), reprintId, creatorId, workId, 2, false, null, at),
            verified,
            new StaffAdded(creatorId, editor, userId, at),
            new StaffRemoved(creatorId, editor, userId, at),
            workCreated,
            workPublished,
            workRevised,
            new WorkWithdrawn(creatorId, workId, editor, "版权问题", at),
            workReprinted,
            reprintFollowed,
            new FollowCreator(userId, creatorId, at),
            new UnfollowCreator(userId, creatorId, at),
            new CreatorFollowed(userId, creatorId, at),
            new CreatorUnfollowed(userId, creatorId, at),
            new FileTicket(ticketId, userId, "小王", TicketKinds.Help, "路灯不亮", "文三路", "330106", "roads", location, null,
                new TicketPrivacy(false, false), null, at.AddDays(1), at),
            new GetTicket(ticketId),
            new ReviewTicket(ticketId, moderatorActor, ReviewDecisions.Duplicate, null, new TicketId("t-0"), "重复", null, at),
            new ReplyToTicket(ticketId, departmentActor, "rp-1", "已派人核查", false, at.AddDays(7), at),
            new ResolveTicket(ticketId, departmentActor, "已整改", at.AddDays(7), at),
            new TransferTicket(ticketId, departmentActor, "d-330100-environment", "跨区问题", at.AddDays(2), at),
            new GiveTicketFeedback(ticketId, citizenActor, true, 5, "满意", at.AddDays(2), at),
            new SetTicketPrivacy(ticketId, citizenActor, new TicketPrivacy(true, true), at),
            new CheckTicketSla(ticketId, at),
            ticketFiled,
            ticketAccepted,
            ticketAssigned,
            new TicketRejected(ticketId, moderatorActor, "不属于受理范围", at),
            new TicketMarkedDuplicate(ticketId, new TicketId("t-0"), moderatorActor, "重复", at),
            ticketReplied,
            ticketResolved,
            new TicketClosed(ticketId, citizenActor, true, 5, "满意", at),
            ticketReopened,
            ticketEscalated,
            new TicketPrivacyChanged(ticketId, new TicketPrivacy(false, false), at),
            new FollowTicket(ticketId, new UserId("u-reporter"), true, at),
            new AttachTicketReport(ticketId, new UserId("u-reporter"), "记者小林", "rr-1", "路灯一周不亮", "https://news.example.cn/a/1", "记者走访", at),
            new TicketFollowed(ticketId, new UserId("u-reporter"), at),
            new TicketUnfollowed(ticketId, new UserId("u-reporter"), at),
            reportAttached,
            ticketState.ToView(),
            ticketState,
        ];
    }
}
