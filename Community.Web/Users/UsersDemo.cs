using Community.Cluster.Regions;
using Community.Cluster.Users;
using Community.Contracts.Common;
using Community.Contracts.Users;
using Community.Web.Demo;
using Microsoft.AspNetCore.Identity;

namespace Community.Web.Users;

/// <summary>The demo accounts of every role, all with the password <c>Community:Demo:Password</c>.</summary>
public sealed class UsersDemo(IPasswordHasher<string> hasher, UserIds ids) : IDemoData
{
    public sealed record DemoUser(string UserName, string DisplayName, string RegionCode, string? Role = null, string? DepartmentId = null);

    public static readonly IReadOnlyList<DemoUser> Users =
    [
        new("admin", "系统管理员", RegionCatalog.ProvinceCode, Roles.Admin),
        new("moderator", "社区版主", RegionCatalog.ProvinceCode, Roles.Moderator),
        new("dept-housing", "杭州市住建局工作人员", "330100", Roles.Department, "d-330100-housing"),
        new("dept-transport", "杭州市交通局工作人员", "330100", Roles.Department, "d-330100-transport"),
        new("dept-xihu-roads", "西湖区城管局工作人员", "330106", Roles.Department, "d-330106-roads"),
        new("dept-hz-roads", "杭州市城管局工作人员", "330100", Roles.Department, "d-330100-roads"),
        new("dept-zj-roads", "浙江省住建厅工作人员", RegionCatalog.ProvinceCode, Roles.Department, "d-330000-roads"),
        new("reporter-zj", "浙江新闻记者小林", RegionCatalog.ProvinceCode, Roles.Reporter),
        new("creator-xihu", "西湖发布", "330106", Roles.Creator),
        new("creator-lens", "光影浙江", RegionCatalog.ProvinceCode, Roles.Creator),
        new("creator-hz", "杭州日报编辑", "330100", Roles.Creator),
        new("creator-zj", "浙江新闻编辑", RegionCatalog.ProvinceCode, Roles.Creator),
        new("reader-hz", "杭州读者小王", "330106"),
        new("reader-deqing", "德清读者小李", "330521"),
        new("reader-yiwu", "义乌读者小陈", "330782"),
    ];

    public int Steps => Users.Count;

    public async Task SeedAsync(DemoSeeding seeding, CancellationToken cancellationToken)
    {
        foreach (var user in Users)
        {
            var userId = ids.Of(user.UserName);
            await seeding.EnsureAsync<UserRegion>(new RegisterUser(userId, user.UserName,
                hasher.HashPassword(userId.Value, seeding.Options.Password), user.DisplayName, user.RegionCode, seeding.Clock.GetUtcNow()),
                cancellationToken);
            if (user.Role is not null)
                await seeding.EnsureAsync<UserRegion>(new GrantRole(userId, user.Role, user.DepartmentId, ids.Of("admin"),
                    seeding.Clock.GetUtcNow()), cancellationToken);
            seeding.Step();
        }
    }
}
