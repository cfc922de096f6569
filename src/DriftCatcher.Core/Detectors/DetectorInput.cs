using System.Globalization;
using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Detectors;

/// <summary>Checks a value before a detector takes it, so a rejected value leaves the state untouched.</summary>
internal static class DetectorInput
{
    public static void RequireFinite(string detector, double value)
    {
        if (!double.IsFinite(value))
        {
            throw new InputDataException($"detector '{detector}' cannot take {Show(value)}: values must be finite numbers");
        }
    }

    /// <summary>Error-rate detectors bound their statistics for values in [0, 1].</summary>
    public static void RequireUnit(string detector, double value)
    {
        RequireFinite(detector, value);
        if (value is < 0 or > 1)
        {
            throw new InputDataException($"detector '{detector}' takes error indicators or rates in [0, 1], got {Show(value)}");
        }
    }

    /// <summary>EDDM measures distances between errors, so a value is an error (1) or not (0).</summary>
    public static void RequireBinary(string detector, double value)
    {
        RequireFinite(detector, value);
        if (value is not (0.0 or 1.0))
        {
            throw new InputDataException($"detector '{detector}' takes 0 (no error) or 1 (error), got {Show(value)}");
        }
    }

    public static void RequireState(bool ok, string detector, string what)
    {
        if (!ok)
        {
            throw new InputDataException($"state of detector '{detector}' is not valid: {what}");
        }
    }

    private static string Show(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
