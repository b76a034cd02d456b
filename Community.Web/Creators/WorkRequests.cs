using System.ComponentModel.DataAnnotations;
using System.Collections.Immutable;
using Community.Cluster.Creators;
using Community.Contracts.Common;
using Community.Contracts.Creators;
using Community.Web.Http;

namespace Community.Web.Creators;

public sealed record WorkImageRequest(string? Url, string? Caption);

/// <summary>A work as its author sends it. The body is plain text (paragraphs separated by blank lines): markup and control
/// characters are refused, naming the field; per kind: an article needs a body, a video its video and poster URLs, a
/// gallery 1 to 30 images.</summary>
public sealed record CreateWorkRequest(
    [property: Required] string Kind,
    [property: Required, StringLength(WorkLimits.MaxTitle, MinimumLength = 1), SingleLineName] string Title,
    [property: StringLength(WorkLimits.MaxBody), FreeText(AllowMarkup = false)] string? Body,
    [property: Required] string[] TargetTiers,
    string? VideoUrl = null,
    string? PosterUrl = null,
    WorkImageRequest[]? Images = null,
    bool Draft = false) : IValidatedRequest
{
    // An empty description (a video's, a gallery's) is no description.
    public IValidatedRequest Normalized() => this with
    {
        Title = TextRules.NormalizeName(Title)!, Body = Body is "" ? null : Body, VideoUrl = Blank(VideoUrl), PosterUrl = Blank(PosterUrl),
    };

    // A form sends its empty fields as "": a field left empty is a field not given.
    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public Dictionary<string, string[]> Validate()
    {
        var errors = WorkRules.Content(Kind, Body, VideoUrl, PosterUrl, Images);
        if (!WorkKinds.All.Contains(Kind)) errors["kind"] = [$"One of {string.Join(", ", WorkKinds.All)}."];
        if (WorkRules.Tiers(TargetTiers) is { } tiers) errors["targetTiers"] = [tiers];
        return errors;
    }

    public WorkContent Content() => WorkRules.ContentOf(Title, Body, VideoUrl, PosterUrl, Images);
}

/// <summary>A change of a work: the fields given replace the current version's; a published work needs
/// <see cref="Note"/> (the correction shown to readers).</summary>
public sealed record ReviseWorkRequest(
    [property: StringLength(WorkLimits.MaxTitle, MinimumLength = 1), SingleLineName] string? Title = null,
    [property: StringLength(WorkLimits.MaxBody), FreeText(AllowMarkup = false)] string? Body = null,
    string? VideoUrl = null,
    string? PosterUrl = null,
    WorkImageRequest[]? Images = null,
    [property: StringLength(WorkLimits.MaxNote, MinimumLength = 1), FreeText(AllowMarkup = false)] string? Note = null) : IValidatedRequest
{
    public IValidatedRequest Normalized() => this with
    {
        Title = TextRules.NormalizeName(Title), Note = Note?.Trim(),
        VideoUrl = string.IsNullOrWhiteSpace(VideoUrl) ? null : VideoUrl.Trim(), PosterUrl = string.IsNullOrWhiteSpace(PosterUrl) ? null : PosterUrl.Trim(),
    };

    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (VideoUrl is not null && !WorkRules.IsHttpUrl(VideoUrl)) errors["videoUrl"] = [WorkRules.UrlMessage];
        if (PosterUrl is not null && !WorkRules.IsHttpUrl(PosterUrl)) errors["posterUrl"] = [WorkRules.UrlMessage];
        if (Images is not null && WorkRules.ImagesProblem(Images) is var (field, message)) errors[field] = [message];
        return errors;
    }
}

public sealed record WithdrawWorkRequest(
    [property: Required, StringLength(WorkLimits.MaxNote, MinimumLength = 1), FreeText(AllowMarkup = false)] string Reason) : IValidatedRequest;

public sealed record ReprintRequest([property: Required, RegularExpression(EntityIds.Pattern, ErrorMessage = "Not a creator id.")] string CreatorId)
    : IValidatedRequest;

/// <summary>The rules of a work's fields, named as the request names them.</summary>
public static class WorkRules
{
    public const string UrlMessage = "An absolute http(s) URL of at most 2,000 characters.";

    public static bool IsHttpUrl(string? url) =>
        url is { Length: > 0 and <= WorkLimits.MaxUrl } && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    public static string? Tiers(string[]? tiers) =>
        tiers is null || tiers.Length == 0 ? "At least one tier."
        : tiers.Any(t => !Contracts.Common.Tiers.All.Contains(t)) ? $"Each one of {string.Join(", ", Contracts.Common.Tiers.All)}."
        : tiers.Distinct().Count() != tiers.Length ? "Each tier once."
        : null;

    public static (string Field, string Message)? ImagesProblem(WorkImageRequest[] images)
    {
        if (images.Length > WorkLimits.MaxImages) return ("images", $"At most {WorkLimits.MaxImages} images.");
        for (var i = 0; i < images.Length; i++)
        {
            if (!IsHttpUrl(images[i].Url)) return ($"images[{i}].url", UrlMessage);
            var caption = images[i].Caption ?? "";
            if (caption.Length > WorkLimits.MaxCaption) return ($"images[{i}].caption", $"At most {WorkLimits.MaxCaption} characters.");
            if (TextRules.FreeTextProblem(caption, markup: false) is { } problem && caption.Length > 0) return ($"images[{i}].caption", problem);
        }
        return null;
    }

    public static Dictionary<string, string[]> Content(string kind, string? body, string? videoUrl, string? posterUrl, WorkImageRequest[]? images)
    {
        var errors = new Dictionary<string, string[]>();
        switch (kind)
        {
            case WorkKinds.Article:
                if (string.IsNullOrWhiteSpace(body)) errors["body"] = ["An article needs its text."];
                if (videoUrl is not null || posterUrl is not null || images is { Length: > 0 })
                    errors["kind"] = ["An article has no video or images; choose video or gallery."];
                break;
            case WorkKinds.Video:
                if (!IsHttpUrl(videoUrl)) errors["videoUrl"] = [UrlMessage];
                if (!IsHttpUrl(posterUrl)) errors["posterUrl"] = [UrlMessage];
                if (images is { Length: > 0 }) errors["images"] = ["A video has no gallery images."];
                break;
            case WorkKinds.Gallery:
                if (images is null || images.Length == 0) errors["images"] = ["A gallery needs at least one image."];
                else if (ImagesProblem(images) is var (field, message)) errors[field] = [message];
                if (videoUrl is not null || posterUrl is not null) errors["videoUrl"] = ["A gallery has no video."];
                break;
        }
        return errors;
    }

    public static WorkContent ContentOf(string title, string? body, string? videoUrl, string? posterUrl, WorkImageRequest[]? images) =>
        new(title, body ?? "", videoUrl, posterUrl,
            [.. (images ?? []).Select(image => new GalleryImage(image.Url!, (image.Caption ?? "").Trim()))]);

    /// <summary>The current content with the revision's fields laid over it.</summary>
    public static WorkContent Revised(WorkContent current, ReviseWorkRequest revision) =>
        new(revision.Title ?? current.Title, revision.Body ?? current.Body, revision.VideoUrl ?? current.VideoUrl,
            revision.PosterUrl ?? current.PosterUrl,
            revision.Images is null ? current.Images
                : [.. revision.Images.Select(image => new GalleryImage(image.Url!, (image.Caption ?? "").Trim()))]);
}

public sealed record CreatedWork(string WorkId, string Status);

public sealed record RevisedWork(string WorkId, int Version);

public sealed record CreatedReprint(string ReprintId);

public sealed record WorkImageResponse(string Url, string Caption);

public sealed record WorkCorrectionResponse(int Version, string Note, DateTimeOffset At);

public sealed record ReprintOfResponse(string WorkId, string CreatorId, string CreatorName);

/// <summary>A work as readers see it. A reprint shows its original's current version (title, body, corrections) with
/// <see cref="ReprintOf"/> naming the original.</summary>
public sealed record WorkResponse(
    string WorkId, string CreatorId, string CreatorName, string CreatorRegionCode, string Kind, string Status, int Version, string Title,
    string Body, string? VideoUrl, string? PosterUrl, IReadOnlyList<WorkImageResponse> Images, IReadOnlyList<string> TargetTiers,
    IReadOnlyList<WorkCorrectionResponse> Corrections, DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt, DateTimeOffset UpdatedAt,
    ReprintOfResponse? ReprintOf, long ReprintCount)
{
    public static WorkResponse Of(WorkListing work) =>
        new(work.WorkId, work.CreatorId, work.CreatorName, work.CreatorRegionCode, work.Kind, work.Status, work.Version, work.Content.Title,
            work.Content.Body, work.Content.VideoUrl, work.Content.PosterUrl,
            [.. work.Content.Images.Select(i => new WorkImageResponse(i.Url, i.Caption))], work.TargetTiers,
            [.. work.Corrections.Select(c => new WorkCorrectionResponse(c.Version, c.Note, c.At))], work.CreatedAt, work.PublishedAt,
            work.UpdatedAt,
            work.ReprintOfWorkId is null ? null : new ReprintOfResponse(work.ReprintOfWorkId, work.ReprintOfCreatorId!, work.ReprintOfCreatorName!),
            work.ReprintCount);
}

/// <param name="Next">The cursor of the next (older) page: pass it as <c>after</c>.</param>
public sealed record WorkPage(IReadOnlyList<WorkResponse> Items, long? Next);

public sealed record ReprintResponse(string ReprintId, string CreatorId, string CreatorName, string RegionCode, DateTimeOffset At);

public sealed record ReprintPage(IReadOnlyList<ReprintResponse> Items, string? Next);
