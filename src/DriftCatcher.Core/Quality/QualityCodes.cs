namespace DriftCatcher.Core.Quality;

/// <summary>The stable <see cref="Findings.Finding.Code"/> values the data-quality check emits.</summary>
public static class QualityCodes
{
    /// <summary>A reference column is absent from the window (SchemaMismatch, Critical).</summary>
    public const string MissingColumn = "missing_column";

    /// <summary>The window has a column the reference did not (SchemaMismatch, Info).</summary>
    public const string ExtraColumn = "extra_column";

    /// <summary>A numeric reference column now holds text (SchemaMismatch, Critical).</summary>
    public const string TypeChanged = "type_changed";

    /// <summary>The missing-value rate rose above the reference's.</summary>
    public const string MissingValues = "missing_values";

    /// <summary>The ±Infinity rate rose above the reference's.</summary>
    public const string NonFiniteValues = "non_finite_values";

    /// <summary>Finite values fell outside the reference range (with its margin).</summary>
    public const string OutOfRange = "out_of_range";

    /// <summary>Categories the reference never showed.</summary>
    public const string UnseenCategories = "unseen_categories";

    /// <summary>Every quartile of a numeric column moved by the same large factor: it changed units (Critical).</summary>
    public const string ScaleChange = "scale_change";

    /// <summary>A column that varied in the reference holds one value only.</summary>
    public const string ConstantColumn = "constant_column";

    /// <summary>A classifier's labels agree with the model only once two or more classes exchange names: the label feed swapped classes (Critical).</summary>
    public const string SwappedClasses = "swapped_classes";

    /// <summary>A classifier's labels agree with the model only once one class is read under a name no held-out row had: the label feed renamed a class (Critical).</summary>
    public const string RenamedClass = "renamed_class";

    /// <summary>The share of rows identical to an earlier row rose above the reference's.</summary>
    public const string DuplicateRows = "duplicate_rows";
}
