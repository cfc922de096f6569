using DriftCatcher.Core.Data;
using DriftCatcher.Core.Detectors;
using Shouldly;

namespace DriftCatcher.Core.Tests.Detectors;

public sealed class ChangeDetectorsTests
{
    [Fact]
    public void Create_EveryName_GivesThatDetector()
    {
        foreach (var name in ChangeDetectors.Names)
        {
            ChangeDetectors.Create(name).Name.ShouldBe(name);
        }
    }

    [Fact]
    public void Create_NoOptions_UsesTheLiteratureDefaults()
    {
        ((AdwinState)ChangeDetectors.Create("adwin").Snapshot()).Options.ShouldBe(new AdwinOptions
        {
            Delta = 0.002, Clock = 32, MaxBuckets = 5, MinWindowLength = 5, GracePeriod = 10, ResetOnDrift = true,
        });
        ((DdmState)ChangeDetectors.Create("ddm").Snapshot()).Options.ShouldBe(new DdmOptions { WarmStart = 30, WarningThreshold = 2, DriftThreshold = 3 });
        ((EddmState)ChangeDetectors.Create("eddm").Snapshot()).Options.ShouldBe(new EddmOptions { WarmStart = 30, Alpha = 0.95, Beta = 0.9 });
        ((HddmAState)ChangeDetectors.Create("hddm-a").Snapshot()).Options.ShouldBe(new HddmAOptions
        {
            DriftConfidence = 0.001, WarningConfidence = 0.005, TwoSided = false,
        });
        ((HddmWState)ChangeDetectors.Create("hddm-w").Snapshot()).Options.ShouldBe(new HddmWOptions
        {
            DriftConfidence = 0.001, WarningConfidence = 0.005, Lambda = 0.05, TwoSided = false,
        });
        ((KswinState)ChangeDetectors.Create("kswin").Snapshot()).Options.ShouldBe(new KswinOptions { Alpha = 0.005, WindowSize = 100, StatSize = 30, Seed = 42 });
        ((PageHinkleyState)ChangeDetectors.Create("page-hinkley").Snapshot()).Options.ShouldBe(new PageHinkleyOptions
        {
            MinInstances = 30, Delta = 0.005, Threshold = 50, Alpha = 0.9999, Mode = ChangeDirection.Both,
        });
        ((CusumState)ChangeDetectors.Create("cusum").Snapshot()).Options.ShouldBe(new CusumOptions
        {
            MinInstances = 30, Slack = 0.5, Threshold = 5, Mode = ChangeDirection.Both,
        });
    }

    [Fact]
    public void Create_KebabCaseOptions_AreApplied()
    {
        var options = new Dictionary<string, string> { ["window-size"] = "200", ["stat-size"] = "100", ["seed"] = "7", ["alpha"] = "0.0001" };

        ((KswinState)ChangeDetectors.Create("kswin", options).Snapshot()).Options
            .ShouldBe(new KswinOptions { WindowSize = 200, StatSize = 100, Seed = 7, Alpha = 0.0001 });
        ((HddmAState)ChangeDetectors.Create("hddm-a", new Dictionary<string, string> { ["two-sided"] = "true" }).Snapshot()).Options.TwoSided.ShouldBeTrue();
        ((PageHinkleyState)ChangeDetectors.Create("page-hinkley", new Dictionary<string, string> { ["mode"] = "up" }).Snapshot()).Options.Mode
            .ShouldBe(ChangeDirection.Up);
    }

    [Fact]
    public void Create_UnknownDetector_NamesItAndTheAllowedOnes()
    {
        var ex = Should.Throw<InputDataException>(() => ChangeDetectors.Create("adwn"));

        ex.Message.ShouldContain("'adwn'");
        ex.Message.ShouldContain("adwin, ddm, eddm, hddm-a, hddm-w, kswin, page-hinkley, cusum");
    }

    [Fact]
    public void Create_UnknownOption_NamesTheKeyAndTheAllowedKeys()
    {
        var ex = Should.Throw<InputDataException>(() => ChangeDetectors.Create("kswin", new Dictionary<string, string> { ["window_size"] = "200" }));

        ex.Message.ShouldContain("'window_size'");
        ex.Message.ShouldContain("alpha, window-size, stat-size, seed");
    }

    [Theory]
    [InlineData("page-hinkley", "mode", "sideways", "up, down, both")]
    [InlineData("hddm-a", "two-sided", "yes", "true, false")]
    [InlineData("kswin", "alpha", "1.5", "(0, 1)")]
    [InlineData("kswin", "alpha", "abc", "a finite number")]
    [InlineData("kswin", "window-size", "50", "2 * stat-size = 60")]
    [InlineData("kswin", "seed", "-1", ">= 0")]
    [InlineData("adwin", "delta", "NaN", "a finite number")]
    [InlineData("adwin", "clock", "0", ">= 1")]
    [InlineData("ddm", "warm-start", "3.5", "an integer")]
    [InlineData("eddm", "beta", "0.99", "(0, alpha = 0.95]")]
    [InlineData("hddm-w", "lambda", "0", "(0, 1]")]
    [InlineData("cusum", "threshold", "-5", "> 0")]
    public void Create_BadOptionValue_NamesKeyValueAndAllowedValues(string detector, string key, string value, string allowed)
    {
        var ex = Should.Throw<InputDataException>(() => ChangeDetectors.Create(detector, new Dictionary<string, string> { [key] = value }));

        ex.Message.ShouldContain($"'{key}'");
        ex.Message.ShouldContain(allowed);
        ex.Message.ShouldNotContain("\n");
    }

    /// <summary>A probe: the option given was valid alone, and the message blamed the other one's default without saying so.</summary>
    [Theory]
    [InlineData("eddm", "alpha", "0.5", "option 'beta' of detector 'eddm': '0.9' is not valid; allowed: a number in (0, alpha = 0.5]; an alpha below the default beta (0.9) needs a beta too")]
    [InlineData("kswin", "stat-size", "60", "option 'window-size' of detector 'kswin': '100' is not valid; allowed: an integer in [2 * stat-size = 120, 1000000]; a stat-size above half the default window-size (100) needs a window-size too")]
    public void Create_AValueThatConflictsWithTheOtherOptionsDefault_SaysSo(string detector, string key, string value, string message) =>
        Should.Throw<InputDataException>(() => ChangeDetectors.Create(detector, new Dictionary<string, string> { [key] = value })).Message.ShouldBe(message);

    /// <summary>The hint is given only when the other option's default is the cause.</summary>
    [Theory]
    [InlineData("eddm", "alpha", "0.95", "beta", "0.99", "option 'beta' of detector 'eddm': '0.99' is not valid; allowed: a number in (0, alpha = 0.95]")]
    [InlineData("kswin", "stat-size", "30", "window-size", "10", "option 'window-size' of detector 'kswin': '10' is not valid; allowed: an integer in [2 * stat-size = 60, 1000000]")]
    public void Create_BothOptionsGiven_NoHintAboutADefault(string detector, string key1, string value1, string key2, string value2, string message) =>
        Should.Throw<InputDataException>(() => ChangeDetectors.Create(detector, new Dictionary<string, string> { [key1] = value1, [key2] = value2 })).Message.ShouldBe(message);

    [Fact]
    public void Create_DdmWarningAboveTheDefaultDrift_SaysWhichValueItWasComparedWith()
    {
        // Review probe: warning-threshold=5 alone was refused as "drift-threshold '3' is not valid; allowed: a number
        // >= warning-threshold", naming a value the user never gave.
        var ex = Should.Throw<InputDataException>(() => ChangeDetectors.Create("ddm", new Dictionary<string, string> { ["warning-threshold"] = "5" }));
        ex.Message.ShouldEndWith("allowed: a number >= warning-threshold (5); a warning-threshold above the default drift-threshold (3) needs a drift-threshold too");
        ChangeDetectors.Create("ddm", new Dictionary<string, string> { ["warning-threshold"] = "5", ["drift-threshold"] = "6" }).Name.ShouldBe("ddm");
    }

    [Theory]
    [InlineData("adwin", double.NaN)]
    [InlineData("kswin", double.PositiveInfinity)]
    [InlineData("cusum", double.NegativeInfinity)]
    [InlineData("ddm", 2.0)]
    [InlineData("hddm-a", -0.1)]
    [InlineData("hddm-w", 1.5)]
    [InlineData("eddm", 0.5)]
    public void Update_ValueOutsideTheDomain_ThrowsAndLeavesStateAlone(string name, double value)
    {
        var detector = ChangeDetectors.Create(name);
        detector.Update(1);
        var before = System.Text.Json.JsonSerializer.Serialize(detector.Snapshot());

        Should.Throw<InputDataException>(() => detector.Update(value)).Message.ShouldContain(name);

        System.Text.Json.JsonSerializer.Serialize(detector.Snapshot()).ShouldBe(before);
    }
}
