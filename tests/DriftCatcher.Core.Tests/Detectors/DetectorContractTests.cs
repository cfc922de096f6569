using DriftCatcher.Core.Detectors;
using Shouldly;

namespace DriftCatcher.Core.Tests.Detectors;

/// <summary>
/// The contract on streams with a known change point at index 1000: the first drift comes
/// within a stated number of values after the change and never before it. Delays are the ones
/// measured on these streams, rounded up; docs/detectors.md lists them.
/// </summary>
public sealed class DetectorContractTests
{
    private const int ChangeAt = 1000;

    public static TheoryData<string, string, string, int> Defaults() => new()
    {
        // River's stream 1: 1000 x randint(2), then 1000 x randint(8).
        { ChangeDetectors.Adwin, "", "river_stream_1.txt", 32 },
        { ChangeDetectors.Kswin, "", "river_stream_1.txt", 32 },
        { ChangeDetectors.PageHinkley, "", "river_stream_1.txt", 32 },

        // River's stream 2: 1000 x Bernoulli(0.2), then 1000 x Bernoulli(0.8).
        { ChangeDetectors.Adwin, "", "river_stream_2.txt", 64 },
        { ChangeDetectors.Ddm, "", "river_stream_2.txt", 64 },
        { ChangeDetectors.HddmA, "", "river_stream_2.txt", 64 },
        { ChangeDetectors.HddmW, "", "river_stream_2.txt", 32 },
        { ChangeDetectors.Eddm, "alpha=0.9,beta=0.8", "river_stream_2.txt", 64 },

        // Our own: N(0, 0.5^2) then N(+-1, 0.5^2), and N(0, 1) then N(0, 9).
        { ChangeDetectors.PageHinkley, "mode=up", "mean_shift_up.txt", 32 },
        { ChangeDetectors.PageHinkley, "mode=down", "mean_shift_down.txt", 32 },
        { ChangeDetectors.PageHinkley, "mode=both", "mean_shift_down.txt", 32 },
        { ChangeDetectors.Adwin, "", "mean_shift_up.txt", 32 },
        { ChangeDetectors.Cusum, "min-instances=100,threshold=10", "mean_shift_up.txt", 8 },
        { ChangeDetectors.Cusum, "min-instances=100,threshold=10", "mean_shift_down.txt", 16 },
        { ChangeDetectors.Cusum, "min-instances=100,threshold=10,mode=down", "mean_shift_down.txt", 16 },
        { ChangeDetectors.Kswin, "alpha=0.001,window-size=200,stat-size=100", "variance_change.txt", 100 },
    };

    [Theory]
    [MemberData(nameof(Defaults))]
    public void Detector_KnownChangePoint_FiresShortlyAfterAndNeverBefore(string detector, string options, string stream, int maxDelay)
    {
        var run = DetectorStreams.Run(detector, ParseOptions(options), stream);

        run.Drifts.ShouldNotBeEmpty();
        run.Drifts.ShouldAllBe(i => i >= ChangeAt);
        run.Drifts[0].ShouldBeLessThanOrEqualTo(ChangeAt + maxDelay);
    }

    public static TheoryData<string, string> ErrorRateDetectors() => new()
    {
        { ChangeDetectors.Ddm, "" },
        { ChangeDetectors.HddmA, "" },
        { ChangeDetectors.HddmA, "two-sided=true" },
        { ChangeDetectors.HddmW, "" },
        { ChangeDetectors.HddmW, "two-sided=true" },
        { ChangeDetectors.Adwin, "" },
        { ChangeDetectors.Eddm, "alpha=0.8,beta=0.75" },
    };

    [Theory]
    [MemberData(nameof(ErrorRateDetectors))]
    public void ErrorRateDetector_TenThousandStationaryBernoulli_NeverFires(string detector, string options)
    {
        var run = DetectorStreams.Run(detector, ParseOptions(options), "no_change_bernoulli.txt");

        run.Drifts.ShouldBeEmpty();
    }

    [Fact]
    public void Eddm_LiteratureDefaults_FalseAlarmOnStationaryStream()
    {
        // Documented limitation, as in River (whose own test loosens alpha and beta): at 0.95 / 0.9
        // the ratio of a stationary error-distance statistic to its running maximum crosses beta.
        var run = DetectorStreams.Run(ChangeDetectors.Eddm, ParseOptions(""), "no_change_bernoulli.txt");

        run.Drifts.ShouldNotBeEmpty();
    }

    [Fact]
    public void PageHinkley_UpMode_IgnoresADrop()
    {
        DetectorStreams.Run(ChangeDetectors.PageHinkley, ParseOptions("mode=up"), "mean_shift_down.txt").Drifts.ShouldBeEmpty();
    }

    [Fact]
    public void PageHinkley_DownMode_IgnoresARise()
    {
        DetectorStreams.Run(ChangeDetectors.PageHinkley, ParseOptions("mode=down"), "mean_shift_up.txt").Drifts.ShouldBeEmpty();
    }

    [Fact]
    public void Cusum_UpMode_IgnoresADrop()
    {
        var run = DetectorStreams.Run(ChangeDetectors.Cusum, ParseOptions("min-instances=100,threshold=10,mode=up"), "mean_shift_down.txt");

        run.Drifts.ShouldAllBe(i => i < ChangeAt || i > ChangeAt + 100);
        run.Drifts.ShouldBeEmpty();
    }

    [Fact]
    public void Cusum_Defaults_DetectTwoSigmaStepWithinTenValues()
    {
        // h = 5 and k = 0.5 (in warm-up sigmas) give an average delay of about 4 values for a 2-sigma
        // step; here the step comes right after the 30-value warm-up, before any false alarm can.
        var stable = DetectorStreams.Load("mean_shift_up.txt")[..40];
        var shifted = DetectorStreams.Load("mean_shift_up.txt")[1000..1100];
        var run = DetectorStreams.Run(new CusumDetector(), stable.Concat(shifted));

        run.Drifts.ShouldNotBeEmpty();
        run.Drifts[0].ShouldBeInRange(40, 50);
    }

    [Fact]
    public void Ddm_RiverStream2_WarnsBeforeItDrifts()
    {
        var run = DetectorStreams.Run(ChangeDetectors.Ddm, ParseOptions(""), "river_stream_2.txt");

        run.Warnings.ShouldNotBeEmpty();
        run.Warnings[0].ShouldBeInRange(ChangeAt, run.Drifts[0] - 1);
    }

    [Theory]
    [InlineData(ChangeDetectors.HddmA)]
    [InlineData(ChangeDetectors.HddmW)]
    public void Hddm_OneSided_IgnoresAFallingErrorRate(string detector)
    {
        var falling = DetectorStreams.Load("river_stream_2.txt").Select(x => 1 - x);

        DetectorStreams.Run(ChangeDetectors.Create(detector), falling).Drifts.ShouldBeEmpty();
        DetectorStreams.Run(ChangeDetectors.Create(detector, ParseOptions("two-sided=true")), falling).Drifts.ShouldNotBeEmpty();
    }

    [Fact]
    public void Adwin_KeepWindow_DropsTheOldConceptAfterACut()
    {
        var adwin = new AdwinDetector(new AdwinOptions { ResetOnDrift = false });
        var values = DetectorStreams.Load("mean_shift_up.txt");

        DetectorStreams.Run(adwin, values).Drifts.ShouldNotBeEmpty();

        adwin.Width.ShouldBeLessThan(values.Length);
        adwin.Estimation.ShouldBe(1.0, 0.1);
    }

    internal static Dictionary<string, string> ParseOptions(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(kv => kv.Split('='))
            .ToDictionary(kv => kv[0], kv => kv[1]);
}
