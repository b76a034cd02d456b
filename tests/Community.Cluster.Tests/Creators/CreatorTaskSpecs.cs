using Community.Cluster.Creators;
using Community.Cluster.Entities;
using Community.Cluster.Tests.Support;
using Community.Cluster.Users;
using Community.Contracts.Common;
using Community.Contracts.Creators;
using Community.Contracts.Users;

namespace Community.Cluster.Tests.Creators;

/// <summary>How an account stands with an operator's task: progress from the published stats, completion and reward
/// exactly once, failure when the window ends short of the target.</summary>
public sealed class CreatorTaskSpecs
{
    private static readonly CreatorId Anji = new("cr-anji");
    private static readonly DateTimeOffset From = Samples.At;
    private static readonly DateTimeOffset To = Samples.At.AddDays(7);

    internal static TaskTerms Terms(string taskId = "task-views", string metric = TaskMetrics.Views, long target = 1000, long points = 100,
        TaskBoost? boost = null, TaskAudience? audience = null) =>
        new(taskId, "本周阅读破千", metric, target, From, To, new TaskReward(points, boost ?? new TaskBoost(1.5, To.AddDays(7))),
            audience ?? new TaskAudience([], []));

    private static CreatorState Run(CreatorState state, params ICommunityMessage[] messages)
    {
        foreach (var message in messages)
            foreach (var evt in state.Decide(message).Events)
                state = state.Apply(evt);
        return state;
    }

    // A verified county media center with an editor and two published works (the second newest).
    private static (CreatorState State, string Older, string Newer) Account()
    {
        var older = CreatorSamples.WorkId("cr-anji");
        var newer = CreatorSamples.WorkId("cr-anji");
        var state = Run(CreatorState.Empty("cr-anji"), Samples.Creator("cr-anji"), CreatorSamples.Verify("cr-anji"),
            new AddStaff(Anji, new UserId("u-editor"), new UserId("u-anji"), Samples.At),
            CreatorSamples.Article("cr-anji", older, "u-editor", publish: true), CreatorSamples.Article("cr-anji", newer, "u-editor", publish: true));
        return (state, older, newer);
    }

    private static PublishStats Publish(long progress, DateTimeOffset? at = null, TaskTerms? terms = null, CreatorTotals? totals = null) =>
        new(Anji, totals ?? new CreatorTotals(3, 2, progress, 0, 0, 0), [new TaskStanding(terms ?? Terms(), progress)], at ?? From.AddDays(1));

    [Fact]
    public void Published_totals_are_recorded_once_and_a_repeat_changes_nothing()
    {
        var (state, _, _) = Account();
        var totals = new CreatorTotals(3, 2, 500, 20, 4, 0);
        var first = state.Decide(new PublishStats(Anji, totals, [], From));
        var after = state.Apply(Assert.IsType<StatsPublished>(Assert.Single(first.Events)));

        Assert.Equal(totals, after.Totals);
        Assert.Empty(after.Decide(new PublishStats(Anji, totals, [], From.AddSeconds(1))).Events);
    }

    [Fact]
    public void Progress_below_the_target_is_recorded_when_it_moves()
    {
        var (state, _, _) = Account();
        var decision = state.Decide(Publish(640));

        var progressed = Assert.Single(decision.Events.OfType<TaskProgressed>());
        Assert.Equal((640L, 1000L), (progressed.Progress, progressed.Target));
        var after = Run(state, Publish(640));
        Assert.Empty(after.Decide(Publish(640) with { Totals = after.Totals }).Events);
    }

    [Fact]
    public void A_task_new_to_the_account_is_recorded_at_no_progress_once()
    {
        var (state, _, _) = Account();
        var announced = Assert.Single(state.Decide(Publish(0)).Events.OfType<TaskProgressed>());
        var after = Run(state, Publish(0));

        Assert.Equal(0L, announced.Progress);
        Assert.Empty(after.Decide(Publish(0) with { Totals = after.Totals }).Events);
    }

    [Fact]
    public void Reaching_the_target_in_the_window_completes_the_task_with_its_reward_in_one_write()
    {
        var (state, older, newer) = Account();
        var decision = state.Decide(Publish(1200));

        var completed = Assert.Single(decision.Events.OfType<TaskCompleted>());
        var granted = Assert.Single(decision.Events.OfType<IncentiveGranted>());
        Assert.Equal(("task-views", 1200L, 100L), (completed.TaskId, completed.Progress, completed.Reward.Points));
        Assert.Equal(("cr-anji/task-views", 100L), (granted.GrantId, granted.Points));
        Assert.Equal(new[] { "u-anji", "u-editor" }, granted.StaffIds.ToArray());
        Assert.Equal(new[] { newer, older }, granted.BoostedWorkIds.ToArray());
        var after = Run(state, Publish(1200));
        Assert.Equal((100L, TaskStatuses.Completed), (after.Points, after.Tasks["task-views"].Status));
        Assert.Equal(new[] { newer, older }, after.Boosts.Select(b => b.WorkId).ToArray());
    }

    [Fact]
    public void Two_publications_that_both_reach_the_target_complete_and_reward_once()
    {
        // The publisher may tell the same progress twice (a retry after a lost answer, a hand-over between nodes).
        var (state, _, _) = Account();
        var after = Run(state, Publish(1000), Publish(1500, From.AddDays(2)));

        var second = Run(state, Publish(1000)).Decide(Publish(1500, From.AddDays(2)));
        Assert.DoesNotContain(second.Events, e => e is TaskCompleted or IncentiveGranted or TaskProgressed);
        Assert.Equal(100L, after.Points);
    }

    [Fact]
    public void A_completed_task_survives_a_snapshot_and_is_not_rewarded_again()
    {
        var (state, _, _) = Account();
        var completed = Run(state, Publish(1200));
        var upgradedFromSnapshot = System.Text.Json.JsonSerializer.Deserialize<CreatorState>(
            System.Text.Json.JsonSerializer.Serialize(completed, Community.Cluster.Serialization.CommunitySerializer.Json), Community.Cluster.Serialization.CommunitySerializer.Json)!;

        Assert.Empty(upgradedFromSnapshot.Decide(Publish(1300) with { Totals = completed.Totals }).Events);
        Assert.Equal(100L, upgradedFromSnapshot.Points);
    }

    [Fact]
    public void A_target_reached_after_the_window_does_not_complete_the_task()
    {
        var (state, _, _) = Account();
        var decision = state.Decide(Publish(5000, To.AddMinutes(1)));

        Assert.DoesNotContain(decision.Events, e => e is TaskCompleted or IncentiveGranted);
    }

    [Fact]
    public void A_window_that_ends_short_of_the_target_fails_the_task_once()
    {
        var (state, _, _) = Account();
        var expire = new ExpireTask(Anji, new TaskStanding(Terms(), 640), To);

        var failed = Assert.IsType<TaskFailed>(Assert.Single(state.Decide(expire).Events));
        Assert.Equal((640L, 1000L), (failed.Progress, failed.Target));
        var after = Run(state, expire);
        Assert.Equal(TaskStatuses.Failed, after.Tasks["task-views"].Status);
        Assert.Empty(after.Decide(expire).Events);
        Assert.Empty(after.Decide(Publish(5000, From.AddDays(1))).Events.OfType<TaskCompleted>());
    }

    [Fact]
    public void Counts_of_the_window_that_arrive_late_still_complete_the_task_at_its_end()
    {
        var (state, _, _) = Account();
        var decision = state.Decide(new ExpireTask(Anji, new TaskStanding(Terms(), 1000), To.AddMinutes(5)));

        Assert.Single(decision.Events.OfType<TaskCompleted>());
        Assert.Single(decision.Events.OfType<IncentiveGranted>());
    }

    [Fact]
    public void A_task_is_not_expired_before_its_window_ends()
    {
        var (state, _, _) = Account();
        var decision = state.Decide(new ExpireTask(Anji, new TaskStanding(Terms(), 10), To.AddMinutes(-1)));

        Assert.Equal(RejectionReason.InvalidState, Assert.IsType<CommandRejected>(decision.Answer).Reason);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void A_points_only_task_boosts_no_work()
    {
        var (state, _, _) = Account();
        var terms = Terms() with { Reward = new TaskReward(50, null) };
        var granted = Assert.Single(state.Decide(Publish(1000, terms: terms)).Events.OfType<IncentiveGranted>());

        Assert.Empty(granted.BoostedWorkIds);
        Assert.Null(granted.Boost);
    }

    [Fact]
    public void An_account_that_does_not_exist_is_not_told_stats() =>
        Assert.Equal(RejectionReason.NotFound,
            Assert.IsType<CommandRejected>(CreatorState.Empty("cr-none").Decide(Publish(10) with { CreatorId = new CreatorId("cr-none") }).Answer).Reason);

    [Fact]
    public void Live_events_tell_the_dashboard_numbers_progress_completion_and_reward()
    {
        var (state, _, _) = Account();
        var decision = state.Decide(Publish(1200));
        var kinds = decision.Events.Select((e, i) => CreatorLive.Of(e, 10 + i)?.Kind).ToList();

        Assert.Equal([CreatorLive.StatsChanged, CreatorLive.TaskCompleted, CreatorLive.IncentiveGranted], kinds);
    }
}

/// <summary>An operator's task: its terms are checked and fixed once defined.</summary>
public sealed class TaskStateSpecs
{
    private static readonly UserId Moderator = new("u-platform-mod");

    [Fact]
    public void A_task_is_defined_once_and_a_repeat_with_the_same_terms_is_answered_as_the_first()
    {
        var terms = CreatorTaskSpecs.Terms();
        var state = TaskState.Empty("task-views");
        var defined = state.Apply(Assert.IsType<TaskDefined>(Assert.Single(state.Decide(new DefineTask(terms, Moderator, Samples.At)).Events)));

        Assert.Equal(new CommandAccepted(1), defined.Decide(new DefineTask(terms, Moderator, Samples.At.AddMinutes(1))).Answer);
        Assert.Equal(RejectionReason.IdempotencyKeyReused,
            Assert.IsType<CommandRejected>(defined.Decide(new DefineTask(terms with { Target = 5 }, Moderator, Samples.At)).Answer).Reason);
        Assert.Equal(terms, Assert.IsType<TaskView>(defined.Decide(new GetTask("task-views")).Answer).Terms);
    }

    [Theory]
    [InlineData("metric")]
    [InlineData("target")]
    [InlineData("window")]
    [InlineData("weight")]
    [InlineData("reward")]
    [InlineData("tier")]
    [InlineData("region")]
    public void Invalid_terms_are_refused_and_nothing_is_defined(string wrong)
    {
        var terms = CreatorTaskSpecs.Terms();
        terms = wrong switch
        {
            "metric" => terms with { Metric = "clicks" },
            "target" => terms with { Target = 0 },
            "window" => terms with { To = terms.From },
            "weight" => terms with { Reward = new TaskReward(10, new TaskBoost(0.5, terms.To)) },
            "reward" => terms with { Reward = new TaskReward(0, null) },
            "tier" => terms with { Audience = new TaskAudience(["village"], []) },
            _ => terms with { Audience = new TaskAudience([], ["999999"]) },
        };
        var decision = TaskState.Empty("task-views").Decide(new DefineTask(terms, Moderator, Samples.At));

        Assert.Equal(RejectionReason.Invalid, Assert.IsType<CommandRejected>(decision.Answer).Reason);
        Assert.Empty(decision.Events);
    }

    [Theory]
    [InlineData("330523", true)] // 安吉县, a county of 湖州
    [InlineData("330500", false)] // 湖州 itself is a city
    [InlineData("330106", false)] // 西湖区, a county of another city
    public void The_audience_is_by_tier_and_region_with_its_subregions(string regionCode, bool inAudience) =>
        Assert.Equal(inAudience, TaskState.InAudience(new TaskAudience([Tiers.County], ["330500"]), regionCode));

    [Fact]
    public void An_empty_audience_is_every_account_of_the_province() =>
        Assert.True(TaskState.InAudience(new TaskAudience([], []), "330523") && TaskState.InAudience(new TaskAudience([], []), "330000"));
}

/// <summary>The user side of the stats: a like counts once per reader, points once per grant.</summary>
public sealed class UserLikeAndPointsSpecs
{
    private static UserState Registered()
    {
        var state = UserState.Empty("u-xiaoming");
        return state.Apply(Assert.Single(state.Decide(Samples.Register("u-xiaoming")).Events));
    }

    [Fact]
    public void A_like_is_recorded_once_and_an_unlike_takes_it_back()
    {
        var workId = CreatorSamples.WorkId("cr-anji");
        var like = new LikeWork(new UserId("u-xiaoming"), workId, true, Samples.At);
        var liked = Registered().Decide(like);
        var changed = Assert.IsType<WorkLikeChanged>(Assert.Single(liked.Events));
        var state = Registered().Apply(changed);

        Assert.Equal(new CreatorId("cr-anji"), changed.CreatorId);
        Assert.Empty(state.Decide(like).Events);
        Assert.False(Assert.IsType<WorkLikeChanged>(Assert.Single(state.Decide(like with { Liked = false }).Events)).Liked);
        Assert.Empty(Registered().Decide(like with { Liked = false }).Events);
    }

    [Fact]
    public void A_like_of_something_that_is_not_a_work_id_is_refused() =>
        Assert.Equal(RejectionReason.Invalid, Assert.IsType<CommandRejected>(
            Registered().Decide(new LikeWork(new UserId("u-xiaoming"), "p-1", true, Samples.At)).Answer).Reason);

    [Fact]
    public void A_grant_delivered_twice_adds_its_points_once()
    {
        var grant = new GrantPoints(new UserId("u-xiaoming"), "cr-anji/task-views", 100, "task:task-views", Samples.At);
        var state = Registered();
        foreach (var evt in state.Decide(grant).Events) state = state.Apply(evt);

        Assert.Empty(state.Decide(grant).Events);
        Assert.Equal(100L, state.Points);
        Assert.Equal("pointsGranted", state.ToLive(new PointsGranted(new UserId("u-xiaoming"), "g", 100, "task:t", Samples.At), 3)?.Kind);
    }
}
