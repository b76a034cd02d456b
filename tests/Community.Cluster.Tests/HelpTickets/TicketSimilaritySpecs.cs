using Community.Cluster.HelpTickets;
using static Community.Cluster.HelpTickets.TicketSimilarity;

namespace Community.Cluster.Tests.HelpTickets;

/// <summary>The duplicate hints' score (<see cref="TicketSimilarity"/>): the same problem said twice scores at least the
/// threshold, in Chinese and in English, whatever the width of the characters; different problems of one category score
/// well under it.</summary>
public sealed class TicketSimilaritySpecs
{
    private static readonly (string Title, string Body) NightWorks =
        ("工地夜间施工噪音太大", "我家旁边的工地每天晚上十一点以后还在施工，噪音很大，影响休息。");

    private static readonly (string Title, string Body) NightWorksReworded =
        ("晚上工地施工扰民", "小区对面的工地经常半夜施工，机器声音很吵，孩子睡不着。");

    private static readonly (string Title, string Body) BlackRiver = ("河道发黑发臭", "小区后面的河道最近发黑发臭，还有死鱼漂浮，希望尽快处理。");

    private static readonly (string Title, string Body) BlackRiverReworded = ("河水变黑有臭味", "我们小区旁边的河水变黑了，有很重的臭味，夏天更严重。");

    private static readonly (string Title, string Body) FullBins = ("垃圾分类点长期不清运", "小区垃圾分类投放点的垃圾桶满了好几天没人清运，气味很大，苍蝇很多。");

    private static readonly (string Title, string Body) FullBinsReworded = ("垃圾桶满了没人收", "楼下的垃圾桶已经满出来一个星期了，一直没有人来收垃圾，味道很难闻。");

    private static readonly (string Title, string Body) KitchenSmoke = ("餐馆油烟直排", "楼下新开的餐馆油烟直接排到居民楼，家里窗户都不敢开。");

    private static readonly (string Title, string Body) FelledTrees = ("行道树被砍", "路边的行道树被人砍了好几棵，不知道有没有审批。");

    private static readonly (string Title, string Body) CementDust = ("搅拌站粉尘污染", "附近的混凝土搅拌站每天粉尘很大，车上家里都是灰。");

    private static double Of((string Title, string Body) a, (string Title, string Body) b) => Score(a.Title, a.Body, b.Title, b.Body);

    public static TheoryData<string, string, string, string> RewordedChinese => new()
    {
        { NightWorks.Title, NightWorks.Body, NightWorksReworded.Title, NightWorksReworded.Body },
        { BlackRiver.Title, BlackRiver.Body, BlackRiverReworded.Title, BlackRiverReworded.Body },
        { FullBins.Title, FullBins.Body, FullBinsReworded.Title, FullBinsReworded.Body },
        { "路灯不亮", "文三路学院路口往西的路灯一周没亮了，晚上很危险。", "文三路路灯坏了", "文三路靠近学院路的一排路灯坏了好几天，晚上走路看不清。" },
    };

    [Theory]
    [MemberData(nameof(RewordedChinese))]
    public void The_same_problem_in_other_Chinese_words_is_hinted(string titleA, string bodyA, string titleB, string bodyB)
    {
        var score = Score(titleA, bodyA, titleB, bodyB);

        Assert.InRange(score, Threshold, 1);
        Assert.Equal(score, Score(titleB, bodyB, titleA, bodyA), 12);
    }

    [Fact]
    public void A_title_typed_so_far_already_finds_the_ticket_it_repeats()
    {
        Assert.InRange(Score("工地夜间施工噪音", "", NightWorksReworded.Title, NightWorksReworded.Body), Threshold, 1);
        Assert.InRange(Score("路灯不亮", "", "文三路路灯不亮", "文三路与学院路路口往西一段路灯一周没亮了，晚上骑车很危险。"), Threshold, 1);
    }

    [Fact]
    public void A_copied_ticket_scores_one()
    {
        Assert.Equal(1, Of(NightWorks, NightWorks), 12);
        Assert.Equal(1, Score("Pothole on Elm Road", "A deep pothole.", "pothole on elm road", "a DEEP pothole!"), 12);
    }

    public static TheoryData<string, string, string, string> DifferentProblems => new()
    {
        { NightWorks.Title, NightWorks.Body, FullBins.Title, FullBins.Body },
        { BlackRiver.Title, BlackRiver.Body, FullBins.Title, FullBins.Body },
        { KitchenSmoke.Title, KitchenSmoke.Body, FelledTrees.Title, FelledTrees.Body },
        { CementDust.Title, CementDust.Body, BlackRiverReworded.Title, BlackRiverReworded.Body },
        { FullBinsReworded.Title, FullBinsReworded.Body, NightWorks.Title, NightWorks.Body },
        { "Street lights out on Main Street", "The street lights on Main Street have been out for a week.",
            "Garbage not collected", "The bins on Oak Avenue have not been emptied for ten days." },
        { "路灯不亮", "文三路的路灯一周没亮了。", "Bus stop sign missing", "The sign at the Wensan Road stop is gone." },
    };

    [Theory]
    [MemberData(nameof(DifferentProblems))]
    public void Different_problems_of_one_category_score_well_under_the_threshold(string titleA, string bodyA, string titleB, string bodyB) =>
        Assert.InRange(Score(titleA, bodyA, titleB, bodyB), 0, Threshold / 2);

    [Fact]
    public void English_is_compared_by_words_whatever_their_case_plural_or_tense()
    {
        var score = Score("Street lights OUT on Main Street", "The street lights on Main Street have been out since Monday.",
            "Broken streetlight, Main St", "Light on main street not working since last week; the street is very dark.");

        Assert.InRange(score, Threshold, 1);
        Assert.Equal(Terms("the lights were flickering and closed"), Terms("Light flicker, close"));
        Assert.Equal(["bus", "stop", "box"], Terms("Buses stopped: boxes"));
    }

    [Fact]
    public void Full_width_and_half_width_forms_are_the_same_text()
    {
        Assert.Equal(1, Score("ＷｉＦｉ信号差", "图书馆ＷｉＦｉ经常断线，１２号楼也没有信号。", "wifi信号差", "图书馆WiFi经常断线,12号楼也没有信号."), 12);
        Assert.Equal(Terms("Ｍａｉｎ　Ｓｔｒｅｅｔ　１２"), Terms("main street 12"));
    }

    [Fact]
    public void Chinese_gives_its_characters_and_bigrams_and_leaves_out_particles_and_words_of_every_ticket()
    {
        Assert.Equal(["路", "路灯", "灯", "灯坏", "坏"], Terms("路灯坏了"));
        // 的 ends the run (no 灯的 or 的线); 我们 and 希望 are in every ticket.
        Assert.DoesNotContain("灯的", Terms("路灯的线路"));
        Assert.DoesNotContain("我们", Terms("我们希望尽快"));
        Assert.DoesNotContain("希望", Terms("我们希望尽快"));
        Assert.Equal(["12", "号", "号楼", "楼", "wifi"], Terms("12号楼wifi"));
    }

    [Fact]
    public void Texts_with_nothing_to_compare_score_zero()
    {
        Assert.Equal(0, Score("", "", NightWorks.Title, NightWorks.Body));
        Assert.Equal(0, Score("the and of", "的了吗", "the and of", "的了吗"));
        Assert.Equal(0, Score("！？。，", "   ", "!?.,", ""));
    }

    [Fact]
    public void Only_the_start_of_a_body_counts()
    {
        var start = NightWorks.Body + new string(' ', MaxBodyChars);

        Assert.Equal(Of(NightWorks, NightWorksReworded), Score(NightWorks.Title, start + FullBins.Body, NightWorksReworded.Title,
            NightWorksReworded.Body), 12);
        Assert.Equal(Profile("", start).Weights.Keys.Order(), Profile("", start + FullBins.Body).Weights.Keys.Order());
    }
}
