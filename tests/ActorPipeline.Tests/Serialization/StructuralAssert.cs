using System.Collections;
using System.Reflection;
using Akka.Actor;

namespace ActorPipeline.Tests.Serialization;

/// <summary>
/// Deep equality of two message graphs by their public properties: records compare lists and dictionaries by reference,
/// and double equality hides a lost sign of zero, so doubles are compared bit for bit and collections element by element.
/// </summary>
internal static class StructuralAssert
{
    public static void Equal(object? expected, object? actual) => Equal(expected, actual, expected?.GetType().Name ?? "value");

    private static void Equal(object? expected, object? actual, string path)
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{path}: expected {expected ?? "null"}, got {actual ?? "null"}");
            return;
        }
        switch (expected)
        {
            case double d:
                Assert.True(actual is double a && BitConverter.DoubleToInt64Bits(d) == BitConverter.DoubleToInt64Bits(a),
                    $"{path}: expected {d:R} (bits {BitConverter.DoubleToInt64Bits(d):X16}), got {actual:R} (bits {(actual is double b ? BitConverter.DoubleToInt64Bits(b) : 0):X16})");
                return;
            case DateTime t:
                // DateTime.Equals ignores the kind: a UTC time read back as local is a different instant.
                Assert.True(actual is DateTime u && t.Ticks == u.Ticks && t.Kind == u.Kind, $"{path}: expected {t:O} ({t.Kind}), got {actual:O}");
                return;
            case string or IActorRef or bool or int or long or TimeSpan or Enum or decimal:
                Assert.True(expected.Equals(actual), $"{path}: expected {expected}, got {actual}");
                return;
            case IDictionary dictionary:
                var other = Assert.IsAssignableFrom<IDictionary>(actual);
                Assert.True(dictionary.Count == other.Count, $"{path}: expected {dictionary.Count} entries, got {other.Count}");
                foreach (DictionaryEntry entry in dictionary)
                {
                    Assert.True(other.Contains(entry.Key), $"{path}: key {entry.Key} missing");
                    Equal(entry.Value, other[entry.Key], $"{path}[{entry.Key}]");
                }
                return;
            case IEnumerable sequence:
                var expectedItems = sequence.Cast<object?>().ToList();
                var actualItems = Assert.IsAssignableFrom<IEnumerable>(actual).Cast<object?>().ToList();
                Assert.True(expectedItems.Count == actualItems.Count, $"{path}: expected {expectedItems.Count} items, got {actualItems.Count}");
                for (int i = 0; i < expectedItems.Count; i++) Equal(expectedItems[i], actualItems[i], $"{path}[{i}]");
                return;
        }
        Assert.True(expected.GetType() == actual.GetType(), $"{path}: expected a {expected.GetType().Name}, got a {actual.GetType().Name}");
        foreach (var property in expected.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
            Equal(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}");
    }
}
