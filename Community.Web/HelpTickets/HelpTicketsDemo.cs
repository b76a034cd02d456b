using Community.Cluster.HelpTickets;
using Community.Cluster.Regions;
using Community.Contracts.Common;
using Community.Contracts.HelpTickets;
using Community.Web.Circles;
using Community.Web.Demo;
using Community.Web.Users;

namespace Community.Web.HelpTickets;

/// <summary>
/// Half a year of the ask-the-government column for the Hangzhou departments that have demo staff: tickets of every
/// kind filed over the last 170 days, nearly all reviewed, answered, resolved and closed (most with the citizen's
/// feedback, some after the quiet period, one reopened first, one transferred), so the figures show a completion rate
/// above 95%; and one ticket in each open state: waiting for review (one of them overdue), assigned and overdue (the
/// sweep escalates it to the city and the province), answered, resolved and waiting for feedback, rejected, duplicate; a
/// reporter's leads and report; and a circle post turned into a ticket, answered under the post.
/// Written through the entities with the times the steps would have had, so the SLA clocks run from them.
/// </summary>
public sealed class HelpTicketsDemo(UserIds ids, TicketSla sla) : IDemoData
{
    public const int ClosedTickets = 170;

    private sealed record Topic(string Category, string RegionCode, string DepartmentId, string Title, string Body, string Answer);

    private static readonly Topic[] Topics =
    [
        new("roads", "330106", "d-330106-roads", "文三路路灯不亮", "文三路与学院路路口往西一段路灯一周没亮了，晚上骑车很危险。",
            "已安排维修班组更换损坏的灯具和线路，今晚起恢复照明。"),
        new("roads", "330106", "d-330106-roads", "小区门口井盖松动", "西溪路某小区北门的井盖踩上去会晃，担心有人踩空。",
            "已现场加固井盖并设置警示，权属单位将在三天内更换。"),
        new("roads", "330100", "d-330100-roads", "高架桥下人行道破损", "上塘高架桥下人行道地砖大面积破损，推婴儿车过不去。",
            "已列入本月人行道修复计划，施工期间设置临时通道。"),
        new("roads", RegionCatalog.ProvinceCode, "d-330000-roads", "国道沿线标志被树木遮挡", "国道某路段的限速标志被树枝挡住，建议修剪。",
            "已通知公路养护部门修剪沿线树木并检查标志。"),
        new("housing", "330100", "d-330100-housing", "公租房申请进度查询", "三月提交的公租房申请一直显示审核中，想知道还要多久。",
            "您的申请已通过资格审核，将在下一批次配租中安排，届时短信通知。"),
        new("housing", "330106", "d-330100-housing", "物业费上涨未公示", "小区物业费今年上涨了三成，没有召开业主大会也没有公示。",
            "已约谈物业企业，涨价方案暂停执行，须按规定公示并征求业主意见。"),
        new("transport", "330100", "d-330100-transport", "公交线路末班车提前", "某路公交末班车从22点提前到21点，加班族回不了家。",
            "经核查为临时调整，已恢复原末班时间，并在站牌张贴通知。"),
        new("transport", "330106", "d-330100-transport", "Taxi refused a short trip", "A taxi at the West Lake stand refused to take me to Hangzhou East station.",
            "The driver has been identified and fined; the stand is now checked by inspectors at peak hours."),
    ];

    private static readonly string[] Citizens = ["reader-hz", "reader-deqing", "reader-yiwu"];

    private static readonly string[] Kinds = [TicketKinds.Help, TicketKinds.Complaint, TicketKinds.Suggestion];

    public int Steps => ClosedTickets + 8;

    public async Task SeedAsync(DemoSeeding seeding, CancellationToken cancellationToken)
    {
        var now = seeding.Clock.GetUtcNow();
        var moderator = new TicketActor(ids.Of("moderator"), TicketActorRoles.Moderator);
        var random = new Random(2026);

        for (var i = 0; i < ClosedTickets; i++)
        {
            var topic = Topics[i % Topics.Length];
            var kind = Kinds[i % Kinds.Length];
            var filed = now.AddDays(-(170 - 160.0 * i / ClosedTickets)).AddMinutes(-random.Next(0, 600));
            var id = new TicketId($"tk-demo-{i:000}");
            var citizen = Citizens[i % Citizens.Length];
            if (!await FileAsync(seeding, id, citizen, kind, topic, filed, isPublic: i % 4 != 3, cancellationToken)) { seeding.Step(); continue; }
            var citizenActor = new TicketActor(ids.Of(citizen), TicketActorRoles.Citizen);
            var accepted = filed.AddHours(1 + random.Next(0, 18));
            var department = topic.DepartmentId;
            await AcceptAsync(seeding, id, moderator, department, kind, accepted, cancellationToken);
            var at = accepted;
            if (i % 29 == 5)
            {
                // Sent first to the wrong department, which hands it on.
                var first = department == "d-330100-transport" ? "d-330100-housing" : "d-330100-transport";
                at = at.AddHours(2);
                await TransferAsync(seeding, id, Department(department), first, kind, at, cancellationToken);
                at = at.AddHours(3);
                await TransferAsync(seeding, id, Department(first), department, kind, at, cancellationToken, "非本部门职责，转回主管部门。");
            }
            at = at.AddHours(2 + random.Next(0, 30));
            await ReplyAsync(seeding, id, department, $"已收到，正在核实处理。", isPublic: false, kind, at, cancellationToken);
            at = at.AddHours(4 + random.Next(0, 60));
            var silent = i % 6 == 4 && i % 23 != 7;
            // Feedback the demo gives later must not find the ticket closed by the sweep first.
            var heldOpen = now.AddDays(1);
            await ResolveAsync(seeding, id, department, topic.Answer, at, cancellationToken, silent ? null : heldOpen);
            if (i % 23 == 7)
            {
                // Not satisfied once: back to the department, which answers again.
                at = at.AddHours(20);
                await seeding.EnsureAsync<HelpTicketRegion>(new GiveTicketFeedback(id, citizenActor, false, 2, "问题还没有完全解决。",
                    sla.FirstReplyDue(kind, at), at), cancellationToken);
                at = at.AddHours(10);
                await ReplyAsync(seeding, id, department, "已再次到现场核查并整改。", isPublic: true, kind, at, cancellationToken);
                at = at.AddHours(6);
                await ResolveAsync(seeding, id, department, topic.Answer + "（复查已整改完毕）", at, cancellationToken,
                    i % 6 == 4 ? null : heldOpen);
            }
            if (i % 6 == 4 && sla.FeedbackDue(at) < now)
            {
                // Silence after the resolution: the ticket closes by itself after the quiet period.
                await seeding.EnsureAsync<HelpTicketRegion>(new CheckTicketSla(id, sla.FeedbackDue(at).AddMinutes(1)), cancellationToken);
            }
            else
            {
                at = at.AddHours(6 + random.Next(0, 40));
                var rating = random.Next(0, 10) < 8 ? 5 : 4;
                await seeding.EnsureAsync<HelpTicketRegion>(new GiveTicketFeedback(id, citizenActor, true, rating, rating == 5 ? "处理及时，非常满意。" : null,
                    sla.FirstReplyDue(kind, at), at), cancellationToken);
            }
            seeding.Step();
        }

        // One of every open state, on the Xihu roads department's desk where it has one.
        var roads = Topics[0];
        var pothole = Topics[1];
        var fresh = now.AddHours(-2);
        await FileAsync(seeding, new TicketId("tk-demo-new"), "reader-hz", TicketKinds.Help,
            roads with { Title = "保俶路人行道塌陷", Body = "保俶路北山街口人行道出现一个小坑，下雨后积水。" }, fresh, true, cancellationToken);
        seeding.Step();
        await FileAsync(seeding, new TicketId("tk-demo-late-review"), "reader-deqing", TicketKinds.Suggestion,
            pothole with { Title = "建议增设非机动车停放点", Body = "地铁站出口的共享单车乱停乱放，建议划定停放区域。" }, now.AddDays(-4), true, cancellationToken);
        seeding.Step();

        var overdue = new TicketId("tk-demo-overdue");
        var overdueFiled = now.AddDays(-20);
        if (await FileAsync(seeding, overdue, "reader-hz", TicketKinds.Complaint,
                pothole with { Title = "施工噪音扰民", Body = "天目山路夜间施工到凌晨两点，严重影响休息。" }, overdueFiled, true, cancellationToken))
            await AcceptAsync(seeding, overdue, moderator, pothole.DepartmentId, TicketKinds.Complaint, overdueFiled.AddHours(3), cancellationToken);
        seeding.Step();

        var answered = new TicketId("tk-demo-answered");
        var answeredFiled = now.AddDays(-2);
        if (await FileAsync(seeding, answered, "reader-hz", TicketKinds.Help,
                roads with { Title = "学校门口斑马线褪色", Body = "文一路小学门口的斑马线已经看不清了，上下学时段很危险。" }, answeredFiled, true, cancellationToken))
        {
            await AcceptAsync(seeding, answered, moderator, roads.DepartmentId, TicketKinds.Help, answeredFiled.AddHours(2), cancellationToken);
            await ReplyAsync(seeding, answered, roads.DepartmentId, "已列入本周道路标线重划计划，周末施工。", isPublic: true, TicketKinds.Help,
                answeredFiled.AddHours(20), cancellationToken);
        }
        seeding.Step();

        var resolved = new TicketId("tk-demo-resolved");
        var resolvedFiled = now.AddDays(-3);
        if (await FileAsync(seeding, resolved, "reader-hz", TicketKinds.Help, Topics[4], resolvedFiled, true, cancellationToken))
        {
            await AcceptAsync(seeding, resolved, moderator, Topics[4].DepartmentId, TicketKinds.Help, resolvedFiled.AddHours(2), cancellationToken);
            await ReplyAsync(seeding, resolved, Topics[4].DepartmentId, "正在查询您的申请。", isPublic: false, TicketKinds.Help, resolvedFiled.AddHours(8), cancellationToken);
            await ResolveAsync(seeding, resolved, Topics[4].DepartmentId, Topics[4].Answer, now.AddDays(-1), cancellationToken);
        }
        seeding.Step();

        var rejected = new TicketId("tk-demo-rejected");
        if (await FileAsync(seeding, rejected, "reader-yiwu", TicketKinds.Suggestion,
                roads with { Title = "测试", Body = "随便写写看看能不能提交。" }, now.AddDays(-20), false, cancellationToken))
            await seeding.EnsureAsync<HelpTicketRegion>(new ReviewTicket(rejected, moderator, ReviewDecisions.Reject, null, null,
                "内容不是具体的求助、投诉或建议。", null, now.AddDays(-20).AddHours(3)), cancellationToken);
        var duplicate = new TicketId("tk-demo-duplicate");
        if (await FileAsync(seeding, duplicate, "reader-deqing", TicketKinds.Help, roads, now.AddDays(-30), true, cancellationToken))
            await seeding.EnsureAsync<HelpTicketRegion>(new ReviewTicket(duplicate, moderator, ReviewDecisions.Duplicate, null,
                new TicketId("tk-demo-000"), "与已受理的同一路段问题重复。", null, now.AddDays(-30).AddHours(2)), cancellationToken);
        seeding.Step();

        // A reporter follows two tickets as leads and has reported on the resolved one.
        var reporter = ids.Of("reporter-zj");
        await seeding.EnsureAsync<HelpTicketRegion>(new FollowTicket(answered, reporter, true, now.AddDays(-1)), cancellationToken);
        await seeding.EnsureAsync<HelpTicketRegion>(new FollowTicket(resolved, reporter, true, now.AddDays(-2)), cancellationToken);
        await seeding.EnsureAsync<HelpTicketRegion>(new AttachTicketReport(resolved, reporter,
            UsersDemo.Users.Single(u => u.UserName == "reporter-zj").DisplayName, "rr-demo-housing", "公租房配租进度：资格审核已通过的家庭将分批安排",
            "https://news.example.cn/zj/housing-allocation", "记者跟进市民反映的公租房审核进度，住建部门回应将在下一批次配租中安排。",
            now.AddHours(-20)), cancellationToken);
        seeding.Step();

        // The feed ↔ queue bridge: a reader's circle post turned into a ticket, answered publicly under the post.
        var fromPost = PostTicketApi.TicketIdOf("c-koushui-housing", CirclesDemo.StreetlightPostId);
        var postFiled = now.AddDays(-1);
        var streetlight = Topics[0];
        if ((await seeding.Entities.AskAsync<HelpTicketRegion, TicketView>(new GetTicket(fromPost), cancellationToken)).View is null
            && await seeding.EnsureAsync<HelpTicketRegion>(new FileTicket(fromPost, ids.Of("reader-hz"),
                UsersDemo.Users.Single(u => u.UserName == "reader-hz").DisplayName, TicketKinds.Help,
                PostTicketApi.TitleOf(CirclesDemo.StreetlightPostText), PostTicketApi.BodyOf(CirclesDemo.StreetlightPostText), "330106", "roads",
                null, null, new TicketPrivacy(true, false), new TicketSource(new CircleId("c-koushui-housing"), CirclesDemo.StreetlightPostId),
                sla.AcceptDue(postFiled), postFiled), cancellationToken))
        {
            await AcceptAsync(seeding, fromPost, moderator, streetlight.DepartmentId, TicketKinds.Help, postFiled.AddHours(1), cancellationToken);
            await ReplyAsync(seeding, fromPost, streetlight.DepartmentId, "已联系供电和物业核实产权，明天上午派人维修路灯。", isPublic: true,
                TicketKinds.Help, postFiled.AddHours(5), cancellationToken);
        }
        seeding.Step();
    }

    private static TicketActor Department(string departmentId) =>
        new(new UserId($"u-demo-{departmentId}"), TicketActorRoles.Department, departmentId);

    /// <summary>Files the ticket; false when it was filed by an earlier seeding (whose later steps are then there too).</summary>
    private async Task<bool> FileAsync(DemoSeeding seeding, TicketId id, string citizen, string kind, Topic topic, DateTimeOffset at,
        bool isPublic, CancellationToken cancellationToken)
    {
        if ((await seeding.Entities.AskAsync<HelpTicketRegion, TicketView>(new GetTicket(id), cancellationToken)).View is not null) return false;
        return await seeding.EnsureAsync<HelpTicketRegion>(new FileTicket(id, ids.Of(citizen), UsersDemo.Users.Single(u => u.UserName == citizen).DisplayName, kind, topic.Title, topic.Body,
            topic.RegionCode, topic.Category, new GeoLocation(30.27 + Jitter(id, 1), 120.13 + Jitter(id, 2), "杭州市西湖区（演示地址）"),
            new TicketContact("138 0000 0000"), new TicketPrivacy(isPublic, ShowName: false), null, sla.AcceptDue(at), at), cancellationToken);
    }

    private Task AcceptAsync(DemoSeeding seeding, TicketId id, TicketActor moderator, string departmentId, string kind, DateTimeOffset at,
        CancellationToken cancellationToken) =>
        seeding.EnsureAsync<HelpTicketRegion>(new ReviewTicket(id, moderator, ReviewDecisions.Accept, departmentId, null, "诉求明确，转相关部门办理。",
            sla.FirstReplyDue(kind, at), at), cancellationToken);

    private Task TransferAsync(DemoSeeding seeding, TicketId id, TicketActor by, string to, string kind, DateTimeOffset at,
        CancellationToken cancellationToken, string reason = "按职责分工转办。") =>
        seeding.EnsureAsync<HelpTicketRegion>(new TransferTicket(id, by, to, reason, sla.FirstReplyDue(kind, at), at), cancellationToken);

    private Task ReplyAsync(DemoSeeding seeding, TicketId id, string departmentId, string text, bool isPublic, string kind, DateTimeOffset at,
        CancellationToken cancellationToken) =>
        seeding.EnsureAsync<HelpTicketRegion>(new ReplyToTicket(id, Department(departmentId), $"rp-{id.Value}-{at.ToUnixTimeSeconds()}", text,
            isPublic, sla.ResolutionDue(kind, at), at), cancellationToken);

    /// <param name="feedbackDue">When the quiet period ends; by default the SLA's. The SLA sweep runs while the demo is
    /// seeded, so a ticket the demo answers with feedback later keeps its quiet period open until then.</param>
    private Task ResolveAsync(DemoSeeding seeding, TicketId id, string departmentId, string text, DateTimeOffset at, CancellationToken cancellationToken,
        DateTimeOffset? feedbackDue = null) =>
        seeding.EnsureAsync<HelpTicketRegion>(new ResolveTicket(id, Department(departmentId), text, feedbackDue ?? sla.FeedbackDue(at), at),
            cancellationToken);

    // Stable across runs (string hashes are not).
    private static double Jitter(TicketId id, int salt) => (id.Value.Aggregate(salt, (hash, c) => hash * 31 + c) & 0xffff) / 65535d * 0.05;
}
