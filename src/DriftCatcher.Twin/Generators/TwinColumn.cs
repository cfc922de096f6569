namespace DriftCatcher.Twin.Generators;

/// <summary>
/// A column a generator writes. Numeric when <see cref="Levels"/> is null; categorical otherwise, and
/// then the row value is an index into <see cref="Levels"/> (NaN = missing).
/// <see cref="Name"/> is the header text as written (CICIDS2017 names keep their leading spaces);
/// <see cref="TrimmedName"/> is the name the CSV reader gives back.
/// </summary>
public sealed record TwinColumn(string Name, IReadOnlyList<string>? Levels = null)
{
    public bool IsCategorical => Levels is not null;

    public string TrimmedName => Name.Trim();
}
