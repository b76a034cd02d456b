using System.Text;

namespace Community.Cluster.HelpTickets;

/// <summary>
/// How alike two tickets' texts are, in [0, 1], for the duplicate hints: the cosine of their term sets (the Ochiai
/// coefficient, |A∩B| / √(|A|·|B|)), a title's terms counting <see cref="TitleWeight"/> times a body's.
/// </summary>
/// <remarks>
/// <para>Terms: the text is folded with NFKC (full-width letters, digits and punctuation become their half-width forms,
/// half-width katakana full-width) and lower-cased. Chinese has no word boundaries, so a run of CJK characters gives its
/// character bigrams and its characters: no dictionary to keep up; a two-character word, the most common length in
/// Chinese, is one bigram, and the characters let two wordings of one problem meet where their words differ (河道发臭 and
/// 河水变臭 share no bigram but 河 and 臭). Latin words and numbers are terms of their own, with a light English stemming
/// (plurals, -ing, -ed) so "lights" meets "light". Stop words, the commonest characters and a few particles are left
/// out: they are in every ticket, and counting them would make unrelated tickets look alike.</para>
/// <para>Sets, not counts: a body that repeats itself does not outweigh the other terms. The cosine rather than
/// Jaccard: a short text (the title typed so far) against a longer ticket is divided by the geometric mean of the
/// sizes, not by the union, so it is not drowned by the longer text. Only the first <see cref="MaxBodyChars"/>
/// characters of a body count, on both sides: the problem is said at the start, and scoring a candidate stays cheap.</para>
/// </remarks>
public static class TicketSimilarity
{
    /// <summary>The score from which a ticket is hinted as a possible duplicate. Measured on tickets of one category:
    /// the same problem in other words scores about 0.22 to 0.35 (copied, near 1); different problems score under 0.1,
    /// and up to about 0.2 when they are alike in kind (two sources of noise at night). A hint only proposes (the
    /// moderator decides, the citizen files anyway), so the threshold favours catching a reworded ticket over hiding a
    /// merely related one.</summary>
    public const double Threshold = 0.2;

    /// <summary>A title term counts this many times a body term: the title says the problem in one line.</summary>
    public const double TitleWeight = 2;

    /// <summary>The characters of a body that count (the rest is ignored on both sides).</summary>
    public const int MaxBodyChars = 500;

    /// <summary>The similarity of two tickets' texts, in [0, 1]; 0 when either has no term.</summary>
    public static double Score(string titleA, string bodyA, string titleB, string bodyB) => Score(Profile(titleA, bodyA), Profile(titleB, bodyB));

    /// <summary>The similarity of two profiles (<see cref="Profile"/>), in [0, 1].</summary>
    public static double Score(TextProfile a, TextProfile b)
    {
        if (a.Norm == 0 || b.Norm == 0) return 0;
        var (small, large) = a.Weights.Count <= b.Weights.Count ? (a, b) : (b, a);
        var dot = 0d;
        foreach (var (term, weight) in small.Weights)
            if (large.Weights.TryGetValue(term, out var other)) dot += weight * other;
        return Math.Clamp(dot / (a.Norm * b.Norm), 0, 1);
    }

    /// <summary>A ticket's terms with their weights, made once to be scored against many.</summary>
    public static TextProfile Profile(string? title, string? body)
    {
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var term in Terms(body is { Length: > MaxBodyChars } ? body[..MaxBodyChars] : body ?? "")) weights[term] = 1;
        foreach (var term in Terms(title ?? "")) weights[term] = TitleWeight;
        return new TextProfile(weights, Math.Sqrt(weights.Values.Sum(w => w * w)));
    }

    /// <summary>The terms of a text, in order, repeats included: CJK characters and character bigrams, and normalised
    /// words.</summary>
    public static IEnumerable<string> Terms(string text)
    {
        var folded = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var terms = new List<string>();
        var han = new List<string>();
        var word = new StringBuilder();
        foreach (var rune in folded.EnumerateRunes())
        {
            if (IsCjk(rune))
            {
                EndWord(word, terms);
                if (Particles.Contains(rune.Value)) EndHan(han, terms);
                else han.Add(rune.ToString());
            }
            else if (Rune.IsLetterOrDigit(rune) || (word.Length > 0 && rune.Value is 0x27 or 0x2019))
            {
                EndHan(han, terms);
                word.Append(rune.ToString());
            }
            else
            {
                EndWord(word, terms);
                EndHan(han, terms);
            }
        }
        EndWord(word, terms);
        EndHan(han, terms);
        return terms;
    }

    private static void EndHan(List<string> run, List<string> terms)
    {
        for (var i = 0; i < run.Count; i++)
        {
            if (!StopChars.Contains(run[i])) terms.Add(run[i]);
            if (i + 1 == run.Count) break;
            var bigram = run[i] + run[i + 1];
            if (!StopBigrams.Contains(bigram)) terms.Add(bigram);
        }
        run.Clear();
    }

    private static void EndWord(StringBuilder word, List<string> terms)
    {
        if (word.Length == 0) return;
        var text = word.ToString().TrimEnd('\'', '\u2019');
        word.Clear();
        if (text.EndsWith("'s", StringComparison.Ordinal) || text.EndsWith("\u2019s", StringComparison.Ordinal)) text = text[..^2];
        text = text.Replace("'", "", StringComparison.Ordinal).Replace("\u2019", "", StringComparison.Ordinal);
        if (text.Length == 0 || StopWords.Contains(text)) return;
        // One letter says nothing; one digit may (building 3).
        if (text.Length == 1 && !char.IsDigit(text[0])) return;
        terms.Add(Stem(text));
    }

    /// <summary>A light English stemming: enough for plurals and the common verb forms to meet; the same on both sides,
    /// so a stem need not be a word.</summary>
    internal static string Stem(string word)
    {
        if (word.Length <= 3 || !word.All(c => c is >= 'a' and <= 'z')) return word;
        if (word.EndsWith("ies", StringComparison.Ordinal) && word.Length > 4) word = word[..^3] + "y";
        else if (word.EndsWith("sses", StringComparison.Ordinal) || word.EndsWith("shes", StringComparison.Ordinal)
                 || word.EndsWith("ches", StringComparison.Ordinal) || word.EndsWith("xes", StringComparison.Ordinal))
            word = word[..^2];
        else if (word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && !word.EndsWith("us", StringComparison.Ordinal)
                 && !word.EndsWith("is", StringComparison.Ordinal))
            word = word[..^1];
        if (word.EndsWith("ing", StringComparison.Ordinal) && word.Length >= 6) word = Undouble(word[..^3]);
        else if (word.EndsWith("ed", StringComparison.Ordinal) && !word.EndsWith("eed", StringComparison.Ordinal) && word.Length >= 5)
            word = Undouble(word[..^2]);
        // "close" and "closed" both end as "clos".
        if (word.EndsWith('e') && word.Length > 3) word = word[..^1];
        return word;
    }

    private static string Undouble(string stem) =>
        stem.Length >= 3 && stem[^1] == stem[^2] && stem[^1] is not ('l' or 's' or 'z' or 'a' or 'e' or 'i' or 'o' or 'u') ? stem[..^1] : stem;

    private static bool IsCjk(Rune rune) => rune.Value switch
    {
        >= 0x3040 and <= 0x30FF => true, // hiragana, katakana
        >= 0x3400 and <= 0x4DBF => true, // CJK extension A
        >= 0x4E00 and <= 0x9FFF => true, // CJK unified ideographs
        >= 0xAC00 and <= 0xD7AF => true, // hangul syllables
        >= 0xF900 and <= 0xFAFF => true, // CJK compatibility ideographs
        >= 0x20000 and <= 0x3134F => true, // CJK extensions B to G
        _ => false,
    };

    // Particles in nearly every sentence: breaking the run at them keeps their bigrams (灯的, 的路) out.
    private static readonly HashSet<int> Particles = [.. "的了吗呢吧啊呀哦嘛".EnumerateRunes().Select(r => r.Value)];

    // Characters of every sentence: as unigrams they would match anything.
    private static readonly HashSet<string> StopChars =
        [.. "我你他她它们很有不在是和也都就还又被把让给到说要会能这那个一些么好".EnumerateRunes().Select(r => r.ToString())];

    // Words of every ticket, whatever its problem: counted, they would make unrelated tickets look alike.
    private static readonly HashSet<string> StopBigrams = new(StringComparer.Ordinal)
    {
        "我们", "你们", "他们", "我家", "已经", "没有", "一个", "这个", "那个", "这里", "那里", "非常", "希望", "尽快", "解决", "处理", "相关",
        "部门", "问题", "请问", "谢谢", "可以", "什么", "现在", "一直", "还是", "但是", "因为", "所以", "如果", "就是", "不是", "有关", "情况",
        "反映", "麻烦", "领导", "政府", "您好", "你好",
    };

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "from", "by", "with", "as", "into", "about", "is", "are",
        "was", "were", "be", "been", "being", "am", "it", "its", "this", "that", "these", "those", "there", "here", "i", "me", "my", "we", "us",
        "our", "you", "your", "he", "she", "they", "them", "their", "his", "her", "not", "no", "has", "have", "had", "do", "does", "did",
        "can", "could", "will", "would", "should", "may", "might", "please", "very", "so", "too", "also", "just", "since", "than", "then",
        "what", "when", "where", "which", "who", "why", "how", "all", "any", "some", "if", "hello", "hi", "thanks", "thank", "dear",
    };
}

/// <summary>A text's terms and their weights (a title's count <see cref="TicketSimilarity.TitleWeight"/>), and the
/// vector's length.</summary>
public sealed record TextProfile(IReadOnlyDictionary<string, double> Weights, double Norm);
