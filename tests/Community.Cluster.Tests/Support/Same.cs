using System.Collections;
using System.Reflection;

namespace Community.Cluster.Tests.Support;

/// <summary>Structural equality for our records: record equality compares immutable sets by reference, so two
/// identical <c>UserView</c>s read from two actor systems would otherwise differ.</summary>
public static class Same
{
    public static void Assert(object? expected, object? actual, string path = "")
    {
        if (expected is null || actual is null)
        {
            Xunit.Assert.True(expected is null && actual is null, $"{Name(path)}: expected {expected ?? "null"}, got {actual ?? "null"}");
            return;
        }

        Xunit.Assert.Equal(expected.GetType(), actual.GetType());
        var type = expected.GetType();
        if (expected is string || type.IsPrimitive || type.IsEnum || expected is DateTimeOffset || expected is decimal)
        {
            Xunit.Assert.True(Equals(expected, actual), $"{Name(path)}: expected {expected}, got {actual}");
            return;
        }
        if (expected is IEnumerable expectedItems)
        {
            var left = expectedItems.Cast<object?>().ToList();
            var right = ((IEnumerable)actual).Cast<object?>().ToList();
            Xunit.Assert.True(left.Count == right.Count,
                $"{Name(path)}: expected [{string.Join(", ", left)}], got [{string.Join(", ", right)}]");
            for (var i = 0; i < left.Count; i++) Assert(left[i], right[i], $"{path}[{i}]");
            return;
        }
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0) continue;
            Assert(property.GetValue(expected), property.GetValue(actual), $"{(path.Length == 0 ? type.Name : path)}.{property.Name}");
        }
    }

    private static string Name(string path) => path.Length == 0 ? "value" : path;
}
