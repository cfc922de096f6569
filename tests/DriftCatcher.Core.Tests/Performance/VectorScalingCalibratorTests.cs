using System.Text.Json;
using DriftCatcher.Core.Performance;
using Shouldly;

namespace DriftCatcher.Core.Tests.Performance;

public sealed class VectorScalingCalibratorTests
{
    [Fact]
    public void Fit_RecoversTheKnownMiscalibration()
    {
        // The simulated model reports softmax(1.8 · true logits + (0.4, 0, −0.3)); the exact inverse is
        // scale 1/1.8 on every class and offsets −(0.4, 0, −0.3)/1.8 up to a common constant.
        var (labels, probabilities) = SimulatedClassifier.ThreeClasses().Sample(40_000, [0, 0, 0], 1, seed: 8);

        var cal = VectorScalingCalibrator.Fit(labels, probabilities, 3);

        cal.Scale.ShouldAllBe(s => Math.Abs(s - (1 / 1.8)) < 0.03);
        (cal.Offset[0] - cal.Offset[1]).ShouldBe(-0.4 / 1.8, 0.05);
        (cal.Offset[2] - cal.Offset[1]).ShouldBe(0.3 / 1.8, 0.05);
    }

    [Fact]
    public void Calibrate_RowsSumToOne_AndJsonRoundTrips()
    {
        var cal = new VectorScalingCalibrator([0.5, 1.2, 0.8], [0.1, -0.2, 0]);
        var back = JsonSerializer.Deserialize<VectorScalingCalibrator>(JsonSerializer.Serialize(cal))!;
        Span<double> a = stackalloc double[3];
        Span<double> b = stackalloc double[3];

        cal.Calibrate([0.7, 0.3, 0.0], a);
        back.Calibrate([0.7, 0.3, 0.0], b);

        (a[0] + a[1] + a[2]).ShouldBe(1, 1e-12);
        a.ToArray().ShouldBe(b.ToArray());
    }
}
