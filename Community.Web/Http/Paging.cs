using Microsoft.AspNetCore.Http.HttpResults;

namespace Community.Web.Http;

/// <summary>API.md's lists: <c>?limit=</c> (default 20, at most 100) and a cursor; one more row than asked is read to
/// tell whether there is a next page.</summary>
public static class Paging
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    /// <summary>The rows to read for <paramref name="limit"/> (one more than the page), or the 400 for a bad limit.</summary>
    public static bool TryTake(int? limit, out int take, out ValidationProblem? invalid)
    {
        take = limit ?? DefaultLimit;
        invalid = limit is < 1 or > MaxLimit ? Problems.Validation("limit", $"Between 1 and {MaxLimit}.") : null;
        return invalid is null;
    }

    /// <summary>The 400 for a negative sequence cursor, or null.</summary>
    public static ValidationProblem? InvalidAfter(long? after, string field = "after") =>
        after is < 0 ? Problems.Validation(field, "0 or more.") : null;

    /// <summary>The page's items and the cursor of the next page (the last item's), from rows read with one extra.</summary>
    public static (List<TItem> Items, TCursor? Next) Page<TRow, TItem, TCursor>(IReadOnlyList<TRow> rows, int take, Func<TRow, TItem> toItem,
        Func<TItem, TCursor> cursorOf)
    {
        var items = rows.Take(take).Select(toItem).ToList();
        return (items, rows.Count > take ? cursorOf(items[^1]) : default);
    }
}
