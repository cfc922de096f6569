namespace DriftCatcher.Core.Data;

/// <summary>How a column's values are interpreted.</summary>
public enum ColumnKind
{
    /// <summary>Numbers: missing values are NaN, non-finite values are ±Infinity.</summary>
    Numeric,

    /// <summary>Anything that is not a number: stored as codes into a list of levels, -1 for missing.</summary>
    Categorical,
}
