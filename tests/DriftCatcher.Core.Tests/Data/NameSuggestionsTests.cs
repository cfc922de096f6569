using DriftCatcher.Core.Data;
using Shouldly;

namespace DriftCatcher.Core.Tests.Data;

public sealed class NameSuggestionsTests
{
    [Theory]
    [InlineData("kitten", "sitting", 3)] // the textbook pair: k→s, e→i, +g
    [InlineData("", "abc", 3)]
    [InlineData("flaw", "lawn", 2)]
    [InlineData("same", "same", 0)]
    public void EditDistance_MatchesHandWorkedLevenshtein(string a, string b, int expected)
    {
        NameSuggestions.EditDistance(a, b).ShouldBe(expected);
        NameSuggestions.EditDistance(b, a).ShouldBe(expected);
    }

    [Theory]
    [InlineData("defualt", "default")]
    [InlineData("SEA", "sea")]
    [InlineData("suden", "sudden")]
    [InlineData("wibble", null)]
    public void Nearest_TakesATypoWithinTwoEdits_CaseInsensitively(string given, string? expected) =>
        NameSuggestions.Nearest(given, ["sea", "default", "none", "sudden"]).ShouldBe(expected);
}
