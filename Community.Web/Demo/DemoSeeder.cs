using Akka.Actor;
using Community.Cluster.Circles;
using Community.Cluster.Creators;
using Community.Cluster.Hosting;
using Community.Cluster.Regions;
using Community.Cluster.Users;
using Community.Contracts.Circles;
using Community.Contracts.Common;
using Community.Contracts.Creators;
using Community.Contracts.Users;
using Community.Web.Accounts;
using Community.Web.Circles;
using Community.Web.Hosting;
using Microsoft.AspNetCore.Identity;

namespace Community.Web.Demo;

/// <summary>Demo accounts and the seed's interest circles, written through the entities. Idempotent: what exists is
/// rejected as AlreadyExists and left alone.</summary>
public sealed class DemoSeeder(
    EntityGateway entities, CircleMembership membership, IPasswordHasher<string> hasher, CommunityWebOptions options, TimeProvider clock,
    ILogger<DemoSeeder> logger) : BackgroundService
{
    public sealed record DemoUser(string UserName, string DisplayName, string RegionCode, string? Role = null, string? DepartmentId = null);

    public sealed record DemoCircle(string CircleId, string Name, string Description, string RegionCode);

    /// <summary>A first post, so a new reader sees a living feed.</summary>
    public sealed record DemoPost(string CircleId, string PostId, string AuthorUserName, string Text);

    public sealed record DemoCreator(string CreatorId, string OwnerUserName, string Name, string OrgType, string RegionCode);

    public static readonly IReadOnlyList<DemoUser> Users =
    [
        new("admin", "系统管理员", RegionCatalog.ProvinceCode, Roles.Admin),
        new("moderator", "社区版主", RegionCatalog.ProvinceCode, Roles.Moderator),
        new("dept-housing", "房管局工作人员", "330100", Roles.Department, "hz-housing"),
        new("dept-transport", "交通局工作人员", "330100", Roles.Department, "hz-transport"),
        new("creator-xihu", "西湖发布", "330106", Roles.Creator),
        new("creator-lens", "光影浙江", RegionCatalog.ProvinceCode, Roles.Creator),
        new("reader-hz", "杭州读者小王", "330106"),
        new("reader-deqing", "德清读者小李", "330521"),
        new("reader-yiwu", "义乌读者小陈", "330782"),
    ];

    public static readonly IReadOnlyList<DemoCreator> Creators =
    [
        new("cr-xihu", "creator-xihu", "西湖发布", OrgTypes.CountyMediaCenter, "330106"),
        new("cr-lens", "creator-lens", "光影浙江", OrgTypes.Individual, RegionCatalog.ProvinceCode),
    ];

    public static readonly IReadOnlyList<DemoCircle> Circles =
    [
        new("c-photography", "好摄之友", "Friends of good photography: share your shots of Zhejiang.", RegionCatalog.ProvinceCode),
        new("c-late-tide", "晚潮", "Late tide: evening talk on the day's news.", RegionCatalog.ProvinceCode),
        new("c-money-news", "钱报朋友圈", "Money news friends circle: markets, companies, household finance.", RegionCatalog.ProvinceCode),
        new("c-koushui-housing", "口水楼市", "Koushui housing market: Hangzhou's homes, rents and policies.", "330100"),
        new("c-foodie", "吃货圈", "Foodie circle: where to eat, what to cook.", "330100"),
        new("c-running", "跑团圈", "Running group circle: routes, races and training partners.", RegionCatalog.ProvinceCode),
        new("c-campus", "校园新探索", "Campus new exploration: schools, students and new ideas.", RegionCatalog.ProvinceCode),
    ];

    public static readonly IReadOnlyList<DemoPost> Posts =
    [
        new("c-photography", "p-demo-xihu-dawn", "reader-hz", "断桥残雪 at 6:40 this morning, the lake was glass. 早起的人有福了。"),
        new("c-photography", "p-demo-anji", "reader-deqing", "安吉的竹海 after the rain: greener than any filter."),
        new("c-foodie", "p-demo-pian-er-chuan", "reader-hz", "片儿川 at the corner of 文三路: still 18 元, still the best."),
        new("c-running", "p-demo-yiwu-10k", "reader-yiwu", "Sunday 10 km along 义乌江, pace 5:30, who's in? 周日一起跑！"),
        new("c-late-tide", "p-demo-evening", "reader-deqing", "今晚聊聊：your county's biggest news this week?"),
    ];

    /// <summary>Demo readers join every circle so they can post, comment and like at once.</summary>
    private static readonly string[] Members = ["admin", "reader-hz", "reader-deqing", "reader-yiwu", "creator-xihu"];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Demo.Enabled) return;
        var steps = Users.Count + Creators.Count + Circles.Count + Posts.Count;
        var done = 0;
        var created = 0;
        logger.LogInformation("Seeding demo data: {Steps} steps", steps);
        foreach (var user in Users)
        {
            created += await SeedUser(user, stoppingToken) ? 1 : 0;
            Progress(++done, steps);
        }
        foreach (var creator in Creators)
        {
            created += await Ensure<CreatorRegion>(new RegisterCreator(new CreatorId(creator.CreatorId),
                UserNames.ToUserId(creator.OwnerUserName), creator.Name, creator.OrgType, creator.RegionCode, clock.GetUtcNow()),
                stoppingToken) ? 1 : 0;
            Progress(++done, steps);
        }
        var owner = UserNames.ToUserId("admin");
        foreach (var circle in Circles)
        {
            created += await Ensure<CircleRegion>(new CreateCircle(new CircleId(circle.CircleId), owner, circle.Name,
                circle.Description, circle.RegionCode, clock.GetUtcNow()), stoppingToken) ? 1 : 0;
            foreach (var member in Members)
                if (await membership.JoinAsync(new CircleId(circle.CircleId), UserNames.ToUserId(member), stoppingToken) is { } refused)
                    throw new InvalidOperationException($"Demo seed join of {circle.CircleId}: {refused.Detail}");
            Progress(++done, steps);
        }
        foreach (var post in Posts)
        {
            // Sent through the author's user entity like any post; a repeat with the same id is acknowledged, not doubled.
            await Ensure<UserRegion>(new CreatePost(UserNames.ToUserId(post.AuthorUserName), new CircleId(post.CircleId), post.PostId, "",
                post.Text, [], null, clock.GetUtcNow()), stoppingToken);
            Progress(++done, steps);
        }
        logger.LogInformation("Demo data ready: {Created} created, {Existing} already there", created, steps - created);
    }

    private void Progress(int done, int steps)
    {
        if (done % 5 == 0 || done == steps) logger.LogInformation("Demo seeding {Done}/{Steps}", done, steps);
    }

    private async Task<bool> SeedUser(DemoUser user, CancellationToken cancellationToken)
    {
        var userId = UserNames.ToUserId(user.UserName);
        var created = await Ensure<UserRegion>(new RegisterUser(userId, user.UserName,
            hasher.HashPassword(userId.Value, options.Demo.Password), user.DisplayName, user.RegionCode, clock.GetUtcNow()),
            cancellationToken);
        if (user.Role is not null)
            await Ensure<UserRegion>(new GrantRole(userId, user.Role, user.DepartmentId, UserNames.ToUserId("admin"), clock.GetUtcNow()),
                cancellationToken);
        return created;
    }

    /// <summary>True when the command created something; AlreadyExists is fine; a timeout (cluster still forming) retries.</summary>
    private async Task<bool> Ensure<TRegion>(ICommunityMessage command, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await entities.AskAsync<TRegion>(command, cancellationToken) switch
                {
                    CommandAccepted => true,
                    CommandRejected { Reason: RejectionReason.AlreadyExists } => false,
                    CommandRejected rejected => throw new InvalidOperationException($"Demo seed {command.GetType().Name}: {rejected.Detail}"),
                    var other => throw new InvalidOperationException($"Unexpected reply {other.GetType().Name}."),
                };
            }
            catch (AskTimeoutException) when (attempt < 5)
            {
                logger.LogWarning("Demo seed {Command} timed out (attempt {Attempt}); retrying", command.GetType().Name, attempt);
            }
        }
    }
}
