using Community.Cluster.Creators;
using Community.Cluster.Tests.Support;
using Community.Contracts.Common;
using Community.Contracts.Creators;
using Community.Contracts.Users;

namespace Community.Cluster.Tests.Creators;

public sealed class CreatorStateSpecs
{
    private static readonly CreatorState Nothing = CreatorState.Empty("cr-anji");

    private static CreatorState Registered() => Nothing.Apply(Assert.Single(Nothing.Decide(Samples.Creator("cr-anji")).Events));

    [Theory]
    [InlineData(OrgTypes.CountyMediaCenter)]
    [InlineData(OrgTypes.Institution)]
    [InlineData(OrgTypes.Individual)]
    public void Every_organisation_type_can_register(string orgType)
    {
        var registered = Assert.IsType<CreatorRegistered>(Assert.Single(Nothing.Decide(Samples.Creator("cr-anji", orgType)).Events));

        Assert.Equal(new CreatorRegistered(new CreatorId("cr-anji"), new UserId("u-anji"), "安吉发布", orgType, "330523", Samples.At), registered);
    }

    [Theory]
    [InlineData("company")]
    [InlineData("")]
    [InlineData("CountyMediaCenter")]
    public void An_unknown_organisation_type_is_rejected_as_invalid(string orgType)
    {
        var decision = Nothing.Decide(Samples.Creator("cr-anji", orgType));

        Assert.Equal(RejectionReason.Invalid, Assert.IsType<CommandRejected>(decision.Answer).Reason);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void A_new_creator_is_pending_verification()
    {
        var view = Assert.IsType<CreatorView>(Registered().Decide(new GetCreator(new CreatorId("cr-anji"))).Answer);

        Same.Assert(new CreatorView(new CreatorId("cr-anji"), new UserId("u-anji"), "安吉发布", OrgTypes.CountyMediaCenter, "330523",
            CreatorStatuses.Pending, 1, Samples.At, ["u-anji"], null, 0), view);
    }

    [Fact]
    public void Registering_an_existing_creator_is_rejected_as_already_existing_even_with_an_invalid_type() =>
        // Existence is checked first: the caller learns the real reason the id is unusable.
        Assert.Equal(RejectionReason.AlreadyExists,
            Assert.IsType<CommandRejected>(Registered().Decide(Samples.Creator("cr-anji", "company")).Answer).Reason);

    [Fact]
    public void A_creator_that_does_not_exist_is_not_found() =>
        Assert.Equal(RejectionReason.NotFound,
            Assert.IsType<CommandRejected>(Nothing.Decide(new GetCreator(new CreatorId("cr-anji"))).Answer).Reason);

    [Fact]
    public void A_message_for_another_kind_of_entity_is_rejected_as_invalid() =>
        Assert.Equal(RejectionReason.Invalid,
            Assert.IsType<CommandRejected>(Registered().Decide(new GetUser(new UserId("u-1"))).Answer).Reason);

    // ---- verification, staff, works, reprints ----

    private static readonly CreatorId Anji = new("cr-anji");
    private static readonly CreatorId Huzhou = new("cr-huzhou");
    private static readonly UserId Owner = new("u-anji");
    private static readonly UserId Editor = new("u-editor");
    private static readonly UserId Stranger = new("u-stranger");
    private static readonly string WorkId = WorkIds.Of(Anji, "abcdefghijklmnopqrstuvwxyz");
    private static readonly string ReprintId = WorkIds.Of(Huzhou, "234567abcdefghijklmnopqrst");

    private static readonly WorkContent Article = new("安吉白茶开采", "清明前后，安吉白茶进入采摘期。", null, null, []);

    private static readonly WorkContent Video = new("竹海航拍", "", "https://video.example.cn/bamboo.mp4", "https://img.example.cn/bamboo.jpg", []);

    private static readonly WorkContent Gallery = new("余村春色", "两山理念诞生地", null, null,
        [new GalleryImage("https://img.example.cn/yucun-1.jpg", "村口"), new GalleryImage("http://img.example.cn/yucun-2.jpg", "")]);

    /// <summary>Decides each message in turn on the state the previous ones made; each must persist.</summary>
    private static CreatorState Run(CreatorState state, params ICommunityMessage[] messages)
    {
        foreach (var message in messages)
        {
            var decision = state.Decide(message);
            Assert.True(decision.Events.Count > 0, $"{message.GetType().Name} was answered {decision.Answer}");
            state = decision.Events.Aggregate(state, (s, e) => s.Apply(e));
        }
        return state;
    }

    private static CreatorState Account(string creatorId = "cr-anji", string orgType = OrgTypes.CountyMediaCenter, string region = "330523",
        bool verified = true)
    {
        var id = new CreatorId(creatorId);
        var state = Run(CreatorState.Empty(creatorId), new RegisterCreator(id, Owner, "安吉发布", orgType, region, Samples.At),
            new AddStaff(id, Editor, Owner, Samples.At));
        return verified ? Run(state, new DecideVerification(id, true, "资质审核通过", new UserId("u-mod"), Samples.At)) : state;
    }

    private static CreateWork Create(string? workId = null, string kind = WorkKinds.Article, WorkContent? content = null,
        string[]? tiers = null, bool publish = false, UserId? by = null) =>
        new(Anji, workId ?? WorkId, by ?? Editor, kind, content ?? Article, [.. tiers ?? [Tiers.County]], publish, Samples.At.AddHours(1));

    private static ReviseWork Revise(WorkContent content, string? note = null) => new(Anji, WorkId, Editor, content, note, Samples.At.AddHours(2));

    private static CommandRejected Rejected(CreatorState state, ICommunityMessage message, RejectionReason reason)
    {
        var decision = state.Decide(message);
        Assert.Empty(decision.Events);
        Assert.Null(decision.Forward);
        var rejected = Assert.IsType<CommandRejected>(decision.Answer);
        Assert.Equal(reason, rejected.Reason);
        Assert.False(string.IsNullOrWhiteSpace(rejected.Detail));
        return rejected;
    }

    private static void Unchanged(CreatorState state, ICommunityMessage message, long? seq = null)
    {
        var decision = state.Decide(message);
        Assert.Empty(decision.Events);
        Assert.Equal(new CommandAccepted(seq ?? state.Seq), decision.Answer);
    }

    private static CreatorView View(CreatorState state) => Assert.IsType<CreatorView>(state.Decide(new GetCreator(state.CreatorId)).Answer);

    [Fact]
    public void A_creator_in_a_region_outside_the_catalog_is_rejected_as_invalid() =>
        Rejected(Nothing, new RegisterCreator(Anji, Owner, "安吉发布", OrgTypes.Institution, "110000", Samples.At), RejectionReason.Invalid);

    [Fact]
    public void A_moderator_verifies_a_pending_account_with_a_reason_the_owner_reads()
    {
        var verified = Account(verified: false);
        verified = Run(verified, new DecideVerification(Anji, true, "资质审核通过", new UserId("u-mod"), Samples.At));

        var view = View(verified);
        Assert.Equal((CreatorStatuses.Verified, "资质审核通过"), (view.Status, view.VerificationReason));
        Unchanged(verified, new DecideVerification(Anji, true, "again", new UserId("u-mod"), Samples.At));
    }

    [Fact]
    public void A_rejected_account_may_be_verified_later_and_a_verified_one_rejected()
    {
        var rejected = Run(Account(verified: false), new DecideVerification(Anji, false, "材料不全", new UserId("u-mod"), Samples.At));
        Assert.Equal(CreatorStatuses.Rejected, View(rejected).Status);
        Unchanged(rejected, new DecideVerification(Anji, false, "材料不全", new UserId("u-mod"), Samples.At));

        var verified = Run(rejected, new DecideVerification(Anji, true, "补充材料已审核", new UserId("u-mod"), Samples.At));
        Assert.Equal((CreatorStatuses.Verified, "补充材料已审核"), (View(verified).Status, View(verified).VerificationReason));

        Assert.Equal(CreatorStatuses.Rejected,
            View(Run(verified, new DecideVerification(Anji, false, "违规", new UserId("u-mod"), Samples.At))).Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_verification_decision_without_a_reason_is_invalid(string reason) =>
        Rejected(Account(verified: false), new DecideVerification(Anji, true, reason, new UserId("u-mod"), Samples.At), RejectionReason.Invalid);

    [Fact]
    public void The_owner_adds_and_removes_editors_and_repeats_change_nothing()
    {
        var account = Account();
        Assert.Equal(["u-anji", "u-editor"], View(account).Staff);
        Unchanged(account, new AddStaff(Anji, Editor, Owner, Samples.At));

        var removed = Run(account, new RemoveStaff(Anji, Editor, Owner, Samples.At));
        Assert.Equal(["u-anji"], View(removed).Staff);
        Unchanged(removed, new RemoveStaff(Anji, Editor, Owner, Samples.At));
    }

    [Fact]
    public void Only_the_owner_manages_the_staff_and_the_owner_stays_on_it()
    {
        var account = Account();

        Rejected(account, new AddStaff(Anji, Stranger, Editor, Samples.At), RejectionReason.Forbidden);
        Rejected(account, new RemoveStaff(Anji, Editor, Editor, Samples.At), RejectionReason.Forbidden);
        Rejected(account, new RemoveStaff(Anji, Owner, Owner, Samples.At), RejectionReason.Invalid);
    }

    [Fact]
    public void A_staff_member_writes_a_draft_and_the_account_counts_it()
    {
        var decision = Account().Decide(Create());

        var created = Assert.IsType<WorkCreated>(Assert.Single(decision.Events));
        Assert.Equal((WorkId, WorkKinds.Article, "330523", Editor), (created.WorkId, created.Kind, created.RegionCode, created.By));
        Assert.Equal(1, View(Account().Apply(created)).WorkCount);
    }

    [Fact]
    public void Someone_off_the_staff_writes_nothing() =>
        Rejected(Account(), Create(by: Stranger), RejectionReason.Forbidden);

    [Fact]
    public void A_verified_account_creates_and_publishes_in_one_atomic_write()
    {
        var decision = Account().Decide(Create(tiers: [Tiers.County, Tiers.City, Tiers.Province], publish: true));

        Assert.Collection(decision.Events,
            e => Assert.IsType<WorkCreated>(e),
            e => Assert.Equal(new[] { Tiers.County, Tiers.City, Tiers.Province }, Assert.IsType<WorkPublished>(e).TargetTiers.ToArray()));
    }

    [Fact]
    public void An_unverified_account_writes_drafts_but_does_not_publish()
    {
        var pending = Account(verified: false);
        Assert.Equal("Only verified creators publish.", Rejected(pending, Create(publish: true), RejectionReason.Forbidden).Detail);

        var draft = Run(pending, Create());
        Rejected(draft, new PublishWork(Anji, WorkId, Editor, Samples.At), RejectionReason.Forbidden);
    }

    [Fact]
    public void A_repeated_create_with_the_same_content_is_answered_with_the_first_and_another_content_is_the_key_reused()
    {
        var created = Run(Account(), Create());
        var workSeq = created.Seq;
        var later = Run(created, new AddStaff(Anji, Stranger, Owner, Samples.At));

        Unchanged(later, Create(), workSeq);
        Rejected(later, Create(content: Article with { Title = "另一篇" }), RejectionReason.IdempotencyKeyReused);
        Rejected(later, Create(tiers: [Tiers.City]), RejectionReason.IdempotencyKeyReused);
        Rejected(later, Create(by: Stranger), RejectionReason.IdempotencyKeyReused);
    }

    [Fact]
    public void A_work_id_must_name_this_account() =>
        Rejected(Account(), Create(workId: WorkIds.Of(Huzhou, "abcdefghijklmnopqrstuvwxyz")), RejectionReason.Invalid);

    public static TheoryData<string, WorkContent> InvalidContents() => new()
    {
        { WorkKinds.Article, Article with { Title = "" } },
        { WorkKinds.Article, Article with { Title = new string('题', WorkLimits.MaxTitle + 1) } },
        { WorkKinds.Article, Article with { Body = "" } },
        { WorkKinds.Article, Article with { Body = new string('文', WorkLimits.MaxBody + 1) } },
        { WorkKinds.Article, Article with { VideoUrl = "https://video.example.cn/a.mp4" } },
        { WorkKinds.Article, Article with { Images = [new GalleryImage("https://img.example.cn/a.jpg", "")] } },
        { WorkKinds.Video, Video with { VideoUrl = null } },
        { WorkKinds.Video, Video with { PosterUrl = "ftp://img.example.cn/p.jpg" } },
        { WorkKinds.Video, Video with { VideoUrl = "/relative/bamboo.mp4" } },
        { WorkKinds.Video, Video with { VideoUrl = "https://video.example.cn/" + new string('a', WorkLimits.MaxUrl) } },
        { WorkKinds.Gallery, Gallery with { Images = [] } },
        { WorkKinds.Gallery, Gallery with { Images = [.. Enumerable.Repeat(new GalleryImage("https://img.example.cn/a.jpg", ""), WorkLimits.MaxImages + 1)] } },
        { WorkKinds.Gallery, Gallery with { Images = [new GalleryImage("javascript:alert(1)", "")] } },
        { WorkKinds.Gallery, Gallery with { Images = [new GalleryImage("https://img.example.cn/a.jpg", new string('字', WorkLimits.MaxCaption + 1))] } },
        { "podcast", Article },
    };

    [Theory]
    [MemberData(nameof(InvalidContents))]
    public void Content_outside_the_rules_of_its_kind_is_invalid(string kind, WorkContent content) =>
        Rejected(Account(), Create(kind: kind, content: content), RejectionReason.Invalid);

    [Fact]
    public void Each_kind_of_work_within_its_rules_is_written()
    {
        Assert.Single(Account().Decide(Create(kind: WorkKinds.Article, content: Article)).Events);
        Assert.Single(Account().Decide(Create(kind: WorkKinds.Video, content: Video)).Events);
        Assert.Single(Account().Decide(Create(kind: WorkKinds.Gallery, content: Gallery)).Events);
    }

    [Theory]
    [InlineData("")]
    [InlineData("county,county")]
    [InlineData("nation")]
    [InlineData("county,city,province,county")]
    public void Target_tiers_are_one_to_three_distinct_known_tiers(string tiers) =>
        Rejected(Account(), Create(tiers: tiers.Split(',', StringSplitOptions.RemoveEmptyEntries)), RejectionReason.Invalid);

    [Fact]
    public void An_individual_aims_at_its_own_tier_and_below_and_the_tiers_above_are_named_in_the_refusal()
    {
        var countyIndividual = Account(orgType: OrgTypes.Individual, region: "330523");
        Assert.Single(countyIndividual.Decide(Create(tiers: [Tiers.County])).Events);
        Assert.Contains(Tiers.City, Rejected(countyIndividual, Create(tiers: [Tiers.County, Tiers.City]), RejectionReason.Invalid).Detail);

        var cityIndividual = Account(orgType: OrgTypes.Individual, region: "330500");
        Assert.Single(cityIndividual.Decide(Create(tiers: [Tiers.City, Tiers.County])).Events);
        Assert.Contains(Tiers.Province, Rejected(cityIndividual, Create(tiers: [Tiers.Province]), RejectionReason.Invalid).Detail);

        // A media account reaches every tier.
        Assert.Single(Account().Decide(Create(tiers: [Tiers.Province])).Events);
    }

    [Fact]
    public void A_draft_is_published_once_and_a_repeat_changes_nothing()
    {
        var draft = Run(Account(), Create(tiers: [Tiers.County, Tiers.City]));

        var published = Assert.IsType<WorkPublished>(Assert.Single(draft.Decide(new PublishWork(Anji, WorkId, Editor, Samples.At)).Events));
        Assert.Equal(new[] { Tiers.County, Tiers.City }, published.TargetTiers.ToArray());
        Assert.Equal("330523", published.RegionCode);
        Unchanged(draft.Apply(published), new PublishWork(Anji, WorkId, Editor, Samples.At));
        Rejected(draft, new PublishWork(Anji, WorkIds.Of(Anji, "zzzzzzzzzzzzzzzzzzzzzzzzzz"), Editor, Samples.At), RejectionReason.NotFound);
        Rejected(draft, new PublishWork(Anji, WorkId, Stranger, Samples.At), RejectionReason.Forbidden);
    }

    [Fact]
    public void A_draft_is_edited_in_place_without_a_note_or_a_new_version()
    {
        var draft = Run(Account(), Create());

        var edited = Assert.IsType<WorkRevised>(Assert.Single(draft.Decide(Revise(Article with { Body = "改写后的正文" })).Events));

        Assert.Equal((1, false, (string?)null), (edited.Version, edited.Correction, edited.Note));
    }

    [Fact]
    public void A_published_work_is_corrected_with_a_note_into_a_new_version_each_time()
    {
        var published = Run(Account(), Create(publish: true));
        Assert.Equal("A correction needs a note.", Rejected(published, Revise(Article with { Body = "更正后的正文" }), RejectionReason.Invalid).Detail);

        var first = Assert.IsType<WorkRevised>(Assert.Single(published.Decide(Revise(Article with { Body = "更正后的正文" }, "更正：采摘时间")).Events));
        Assert.Equal((2, true, "更正：采摘时间"), (first.Version, first.Correction, first.Note));

        var corrected = published.Apply(first);
        Unchanged(corrected, Revise(Article with { Body = "更正后的正文" }, "更正：采摘时间"));
        var second = Assert.IsType<WorkRevised>(Assert.Single(corrected.Decide(Revise(Article with { Body = "再次更正" }, "再更正")).Events));
        Assert.Equal(3, second.Version);
    }

    [Fact]
    public void A_revision_follows_the_rules_of_the_works_kind()
    {
        var video = Run(Account(), Create(kind: WorkKinds.Video, content: Video));

        Rejected(video, Revise(Video with { VideoUrl = null }), RejectionReason.Invalid);
        Rejected(video, Revise(Article), RejectionReason.Invalid);
    }

    [Fact]
    public void Withdrawal_needs_a_reason_is_final_and_repeats_change_nothing()
    {
        var published = Run(Account(), Create(publish: true));
        Rejected(published, new WithdrawWork(Anji, WorkId, Editor, " ", Samples.At), RejectionReason.Invalid);

        var withdrawn = Run(published, new WithdrawWork(Anji, WorkId, Editor, "版权问题", Samples.At));

        Unchanged(withdrawn, new WithdrawWork(Anji, WorkId, Editor, "版权问题", Samples.At));
        Rejected(withdrawn, new PublishWork(Anji, WorkId, Editor, Samples.At), RejectionReason.InvalidState);
        Rejected(withdrawn, Revise(Article with { Body = "x" }, "note"), RejectionReason.InvalidState);
        Assert.Equal(0, View(withdrawn).WorkCount);
        Assert.Single(Run(Account(), Create()).Decide(new WithdrawWork(Anji, WorkId, Editor, "写错了", Samples.At)).Events);
    }

    private static ReprintWork Reprint(UserId? by = null, CreatorId? original = null, string? reprintId = null) =>
        new(Huzhou, reprintId ?? ReprintId, original ?? Anji, WorkId, by ?? Editor, Samples.At.AddHours(3));

    private static CreatorState Reprinter(bool verified = true) => Account("cr-huzhou", region: "330500", verified: verified);

    [Fact]
    public void A_verified_reprinter_hands_the_reprint_on_to_the_originals_account_with_its_name_and_region()
    {
        var decision = Reprinter().Decide(Reprint());

        Assert.Null(decision.Answer);
        Assert.Empty(decision.Events);
        Assert.Equal(new RecordReprint(Anji, WorkId, ReprintId, Huzhou, "安吉发布", "330500", Editor, Samples.At.AddHours(3)), decision.Forward);
    }

    [Fact]
    public void A_reprint_is_refused_at_the_reprinter_off_the_staff_unverified_of_its_own_work_or_under_a_foreign_id()
    {
        Rejected(Reprinter(), Reprint(by: Stranger), RejectionReason.Forbidden);
        Rejected(Reprinter(verified: false), Reprint(), RejectionReason.Forbidden);
        Assert.Equal("No reprint of one's own work.", Rejected(Reprinter(), Reprint(original: Huzhou), RejectionReason.Invalid).Detail);
        Rejected(Reprinter(), Reprint(reprintId: WorkIds.Of(Anji, "234567abcdefghijklmnopqrst")), RejectionReason.Invalid);
    }

    private static RecordReprint Record(string reprintId, string reprinter = "cr-huzhou") =>
        new(Anji, WorkId, reprintId, new CreatorId(reprinter), "湖州发布", "330500", Editor, Samples.At.AddHours(3));

    [Fact]
    public void The_original_records_a_reprint_of_a_published_work_once_per_reprinter()
    {
        var published = Run(Account(), Create(publish: true));

        var reprinted = Assert.IsType<WorkReprinted>(Assert.Single(published.Decide(Record(ReprintId)).Events));
        Assert.Equal((ReprintId, Huzhou, "湖州发布", "330500"), (reprinted.ReprintId, reprinted.ReprinterId, reprinted.ReprinterName, reprinted.ReprinterRegionCode));

        var recorded = published.Apply(reprinted);
        var recordedSeq = recorded.Seq;
        recorded = Run(recorded, new AddStaff(Anji, Stranger, Owner, Samples.At));
        Unchanged(recorded, Record(ReprintId), recordedSeq);
        Assert.Equal("Already reprinted.", Rejected(recorded, Record(WorkIds.Of(Huzhou, "zzzzzzzzzzzzzzzzzzzzzzzzzz")), RejectionReason.AlreadyExists).Detail);
        // Another reprinter may reprint it too.
        Assert.Single(recorded.Decide(Record(WorkIds.Of(new CreatorId("cr-jinhua"), "zzzzzzzzzzzzzzzzzzzzzzzzzz"), "cr-jinhua")).Events);
    }

    [Fact]
    public void Only_a_published_work_is_reprinted()
    {
        var draft = Run(Account(), Create());
        Assert.Equal("Only a published work is reprinted.", Rejected(draft, Record(ReprintId), RejectionReason.InvalidState).Detail);

        var withdrawn = Run(draft, new PublishWork(Anji, WorkId, Editor, Samples.At), new WithdrawWork(Anji, WorkId, Editor, "版权问题", Samples.At));
        Rejected(withdrawn, Record(ReprintId), RejectionReason.InvalidState);
        Rejected(Account(), Record(ReprintId), RejectionReason.NotFound);
    }

    private static FollowOriginal Follow(int version, bool withdrawn = false, string? note = null) =>
        new(Huzhou, ReprintId, Anji, WorkId, version, withdrawn, note, Samples.At.AddHours(4));

    [Fact]
    public void The_reprinter_mirrors_each_newer_version_once_and_the_originals_withdrawal_for_good()
    {
        var reprinter = Reprinter();

        var first = Assert.IsType<ReprintFollowed>(Assert.Single(reprinter.Decide(Follow(1)).Events));
        Assert.Equal((ReprintId, 1, false), (first.ReprintId, first.Version, first.Withdrawn));
        var mirrored = reprinter.Apply(first);
        Unchanged(mirrored, Follow(1));

        var corrected = Run(mirrored, Follow(2, note: "更正"));
        Unchanged(corrected, Follow(1));
        Unchanged(corrected, Follow(2, note: "更正"));

        var withdrawn = Run(corrected, Follow(2, withdrawn: true, note: "版权问题"));
        Unchanged(withdrawn, Follow(2, withdrawn: true, note: "版权问题"));
        // A late redelivery of an earlier version does not bring a withdrawn reprint back.
        Unchanged(withdrawn, Follow(3));
    }

    [Fact]
    public void A_reprint_follows_its_original_and_is_not_revised_or_published_on_its_own()
    {
        var mirrored = Run(Reprinter(), Follow(1));

        var revise = new ReviseWork(Huzhou, ReprintId, Editor, Article, "note", Samples.At);
        Assert.Equal("A reprint follows its original.", Rejected(mirrored, revise, RejectionReason.InvalidState).Detail);
        Rejected(mirrored, new PublishWork(Huzhou, ReprintId, Editor, Samples.At), RejectionReason.InvalidState);
        Rejected(mirrored, new CreateWork(Huzhou, ReprintId, Editor, WorkKinds.Article, Article, [Tiers.City], false, Samples.At),
            RejectionReason.IdempotencyKeyReused);
    }

    [Fact]
    public void Commands_to_an_account_that_never_registered_are_not_found()
    {
        Rejected(Nothing, Create(), RejectionReason.NotFound);
        Rejected(Nothing, Record(ReprintId), RejectionReason.NotFound);
        Rejected(Nothing, new DecideVerification(Anji, true, "ok", Owner, Samples.At), RejectionReason.NotFound);
    }

    [Fact]
    public void A_snapshot_of_the_first_shape_upgrades_with_the_owner_on_the_staff_and_no_works()
    {
        var old = new CreatorStateV1(Anji, true, Owner, "安吉发布", OrgTypes.CountyMediaCenter, "330523", CreatorStatuses.Pending, 1, Samples.At);

        var upgraded = old.Upgrade();

        Same.Assert(new CreatorView(Anji, Owner, "安吉发布", OrgTypes.CountyMediaCenter, "330523", CreatorStatuses.Pending, 1, Samples.At,
            ["u-anji"], null, 0), View(upgraded));
        // It goes on deciding as any state: the owner adds staff, the next seq follows the snapshot's.
        Assert.Equal(2, Run(upgraded, new AddStaff(Anji, Editor, Owner, Samples.At)).Seq);
    }
}
