using DriftCatcher.Core.Data;
using DriftCatcher.Core.Learning;
using Shouldly;

namespace DriftCatcher.Core.Tests.Learning;

/// <summary>Which text columns hold dates or timestamps only (ISO 8601), so a model does not learn them as categories.</summary>
public sealed class TimestampColumnTests
{
    [Theory]
    [InlineData("2026-01-05")]
    [InlineData("2026-01-05T14:00:00Z")]
    [InlineData("2026-01-05T14:00Z")]
    [InlineData("2026-01-05 14:00:00")]
    [InlineData("2026-01-05T14:00:00.125+02:00")]
    [InlineData(" 2026-12-31T23:59:59-05:00 ")]
    [InlineData("2026-01-05 14:00:00+00")]
    [InlineData("2026-01-05 14:00:00.123456789Z")]
    [InlineData("2026-01-05t14:00:00z")]
    [InlineData("2026-01-05T14:00:00+0530")]
    [InlineData("2024-02-29")]
    public void IsoDatesAndTimes_AreTimestamps(string value) =>
        FeatureSchema.HoldsTimestamps(Column.Categorical("ts", [value, "2026-02-01", null])).ShouldBeTrue();

    [Theory]
    [InlineData("2026-13-01")]
    [InlineData("2026-02-30")]
    [InlineData("12/01/2026")]
    [InlineData("yesterday")]
    [InlineData("2026-01")]
    [InlineData("20260105")]
    [InlineData("2026-01-05T25:00:00Z")]
    [InlineData("2026-01-05T14:00:00.Z")]
    [InlineData("2026-01-05T14:00:00+15")]
    [InlineData("2026-01-05T14:61")]
    [InlineData("2026-01-05Z")]
    public void OneValueThatIsNot_MakesTheColumnAnOrdinaryCategory(string value) =>
        FeatureSchema.HoldsTimestamps(Column.Categorical("ts", ["2026-01-05T14:00:00Z", value])).ShouldBeFalse();

    [Fact]
    public void NumbersAndEmptyColumns_AreNotTimestamps()
    {
        FeatureSchema.HoldsTimestamps(Column.Numeric("x", [20260105, 20260106])).ShouldBeFalse();
        FeatureSchema.HoldsTimestamps(Column.Categorical("ts", [null, null])).ShouldBeFalse();
    }

    [Fact]
    public void OnlyLevelsThatOccur_Count()
    {
        // A frame cut from a larger one keeps every level; a level no row uses says nothing about this column.
        FeatureSchema.HoldsTimestamps(Column.Categorical("ts", [1, 1, -1], ["unused text", "2026-01-05"])).ShouldBeTrue();
    }
}
