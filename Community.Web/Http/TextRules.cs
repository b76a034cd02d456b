using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using System.Text;
using Community.Contracts.Common;
using Community.Web.Hosting;

namespace Community.Web.Http;

/// <summary>What people may write where others read it, so that nothing they write can pass for something else: text
/// that reads in another order than it is stored (direction controls), names that are blank or invisible, names over
/// several lines, and readers' names that look like staff.
/// <list type="bullet">
/// <item>Single-line names and titles (<see cref="SingleLineNameAttribute"/>): normalised first with
/// <see cref="NormalizeName"/> (NFKC, trimmed), and it is the normalised text that is checked, counted and stored.</item>
/// <item>Free text (descriptions, posts, comments; <see cref="FreeTextAttribute"/>): line breaks allowed, stored as
/// written (descriptions trimmed).</item>
/// <item>Staff-looking display names (<see cref="NotReservedAttribute"/>, <see cref="ReservedNames"/>).</item>
/// </list>
/// <see cref="RequestValidation.WithValidation"/> applies them: it asks the request for its
/// <see cref="IValidatedRequest.Normalized"/> form, validates that and hands it to the handler.</summary>
public static class TextRules
{
    /// <summary>A single-line name or title as it is checked and stored: NFKC (full-width letters and digits become
    /// ordinary ones, composed accents), trimmed of white space. Text that is not valid UTF-16 is left as it is (and
    /// refused by the checks).</summary>
    public static string? NormalizeName(string? text) => text is null ? null : Nfkc(text).Trim();

    /// <summary>Why a single-line name or title (already normalised) is refused, or null.</summary>
    public static string? SingleLineProblem(string text) =>
        Problem(text, lineBreaks: false) ?? (text.Contains('<') || text.Contains('>') ? "Must be plain text without '<' or '>'." : null);

    /// <summary>Why free text is refused, or null. Markup is refused only where <paramref name="markup"/> is false.</summary>
    public static string? FreeTextProblem(string text, bool markup) =>
        Problem(text, lineBreaks: true) ?? (!markup && (text.Contains('<') || text.Contains('>')) ? "Must be plain text without '<' or '>'." : null);

    /// <summary>Staff (moderators, admins, department staff) may use names that look like staff.</summary>
    public static bool IsStaff(ClaimsPrincipal? user) =>
        user is not null && (user.IsInRole(Roles.Moderator) || user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Department));

    /// <summary>Direction controls: embeddings, overrides, isolates, marks. They make text read in another order than it is
    /// stored ("abc\u202Egnp.exe" shows as "abcexe.png").</summary>
    public static bool IsDirectionControl(int c) => c is >= 0x202A and <= 0x202E or >= 0x2066 and <= 0x2069 or 0x200E or 0x200F or 0x061C;

    /// <summary>Characters that show nothing by themselves: white space, format characters (zero-width space and joiners,
    /// word joiner, byte order mark, ...), combining and enclosing marks (variation selectors among them), the Hangul fillers
    /// and the blank Braille pattern. Text made of these alone looks empty.</summary>
    public static bool IsInvisible(Rune rune) =>
        Rune.IsWhiteSpace(rune) || rune.Value is 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x2800
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
            or UnicodeCategory.Control or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator;

    /// <summary>The key a name is compared with reserved names by: compatibility-decomposed, accents dropped, lower case,
    /// and only letters and digits kept (no spaces, punctuation, symbols or invisible characters).</summary>
    public static string MatchKey(string text)
    {
        var key = new StringBuilder(text.Length);
        foreach (var rune in Nfkd(text).EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune)) key.Append(Rune.ToLowerInvariant(rune).ToString());
        }
        return key.ToString();
    }

    private static string? Problem(string text, bool lineBreaks)
    {
        var visible = false;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsSurrogate(text, i) && !char.IsSurrogatePair(text, i)) return "Must be valid Unicode text.";
            var rune = Rune.GetRuneAt(text, i);
            if (!rune.IsBmp) i++;
            var c = rune.Value;
            if (IsDirectionControl(c)) return "Must not contain direction controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C).";
            var lineBreak = c is '\n' or '\r' or 0x2028 or 0x2029 or 0x0085;
            if (lineBreak && !lineBreaks) return "Must be one line.";
            var control = Rune.GetUnicodeCategory(rune) == UnicodeCategory.Control && !lineBreak && !(lineBreaks && c == '\t');
            // Deprecated format characters and interlinear annotations: invisible and never needed in a name or a post.
            if (control || c is >= 0x206A and <= 0x206F or >= 0xFFF9 and <= 0xFFFB) return "Must not contain control characters.";
            visible |= !IsInvisible(rune);
        }
        return visible ? null : "Must not be blank or made only of invisible characters.";
    }

    private static string Nfkc(string text)
    {
        try
        {
            return text.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            return text; // Not valid UTF-16 (a lone surrogate): the checks refuse it.
        }
    }

    private static string Nfkd(string text)
    {
        try
        {
            return text.Normalize(NormalizationForm.FormKD);
        }
        catch (ArgumentException)
        {
            return text;
        }
    }
}

/// <summary>A single-line name or title (display names, circle names, topic titles): visible text on one line, no
/// direction controls, control characters or markup. Give it normalised text (<see cref="TextRules.NormalizeName"/>);
/// length is a <see cref="StringLengthAttribute"/> beside it, on the same normalised text.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class SingleLineNameAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        value is string text && TextRules.SingleLineProblem(text) is { } problem ? Refused(problem, validationContext) : ValidationResult.Success;

    internal static ValidationResult Refused(string message, ValidationContext context) =>
        new(message, context.MemberName is { } member ? new[] { member } : null);
}

/// <summary>Free text (descriptions, posts, comments): line breaks and tabs allowed, markup too unless
/// <see cref="AllowMarkup"/> is false (it is only ever shown as text); no direction controls or other control characters,
/// and not blank or invisible.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class FreeTextAttribute : ValidationAttribute
{
    public bool AllowMarkup { get; set; } = true;

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        value is string text && TextRules.FreeTextProblem(text, AllowMarkup) is { } problem
            ? SingleLineNameAttribute.Refused(problem, validationContext)
            : ValidationResult.Success;
}

/// <summary>A display name that must not look like staff (<see cref="ReservedNames"/>) unless the caller is staff. The
/// caller is the <see cref="ClaimsPrincipal"/> in the validation context's items (<see cref="RequestValidation"/> puts
/// it there); without one the caller is not staff.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class NotReservedAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is not string name) return ValidationResult.Success;
        var caller = validationContext.Items.TryGetValue(typeof(ClaimsPrincipal), out var user) ? user as ClaimsPrincipal : null;
        if (TextRules.IsStaff(caller)) return ValidationResult.Success;
        var reserved = validationContext.GetService(typeof(ReservedNames)) as ReservedNames
            ?? throw new InvalidOperationException("ReservedNames is not registered.");
        return reserved.Find(name) is { } word
            ? SingleLineNameAttribute.Refused($"Looks like a staff name ('{word}'); only staff may use it.", validationContext)
            : ValidationResult.Success;
    }
}

/// <summary>Names only staff may use (<c>Community:Names:Reserved</c>): a name is reserved when its
/// <see cref="TextRules.MatchKey"/> contains the key of one of them, so "Ａｄｍｉｎ", "a d m i n" and "ad.min" all match
/// "admin".</summary>
public sealed class ReservedNames
{
    private readonly (string Word, string Key)[] _reserved;

    public ReservedNames(CommunityWebOptions options) =>
        _reserved = [.. (options.Names.Reserved ?? NameOptions.DefaultReserved)
            .Select(word => (Word: word, Key: TextRules.MatchKey(word)))
            .Where(r => r.Key.Length > 0)];

    /// <summary>The reserved word the name looks like, or null.</summary>
    public string? Find(string name)
    {
        var key = TextRules.MatchKey(name);
        return _reserved.FirstOrDefault(r => key.Contains(r.Key, StringComparison.Ordinal)).Word;
    }
}
