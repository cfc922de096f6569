namespace DriftCatcher.Core.Learning;

/// <summary>How much of the data goes to validation and holdout; the rest trains. Default 70 / 15 / 15.</summary>
public sealed record SplitFractions(double Validation = SplitFractions.DefaultValidation, double Holdout = SplitFractions.DefaultHoldout)
{
    public const double DefaultValidation = 0.15;
    public const double DefaultHoldout = 0.15;

    public static readonly SplitFractions Default = new();

    public void Validate()
    {
        if (!(Validation >= 0) || !(Holdout >= 0) || !(Validation + Holdout < 1))
        {
            throw new ArgumentException($"split fractions must be non-negative and leave rows to train on (validation {Validation}, holdout {Holdout})");
        }
    }
}
