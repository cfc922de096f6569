namespace DriftCatcher.Core.Agent.State;

/// <summary>What the watched model predicts, which decides how its performance is measured.</summary>
public enum ModelTask
{
    /// <summary>Class indices; accuracy against a binomial baseline.</summary>
    Classification,

    /// <summary>Numbers; mean absolute error (and RMSE) against the baseline's mean and spread of absolute error.</summary>
    Regression,
}
