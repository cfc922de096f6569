namespace DriftCatcher.Core.Agent.State;

/// <summary>The answers of one batch still waiting for labels: id and predicted class (-1 = abstained).</summary>
public sealed class PendingPredictions
{
    public long Batch { get; set; }

    /// <summary>The batch had more than <see cref="ModelAgent.MaxTrackedRowsPerBatch"/> rows: these are an even sample of them.</summary>
    public bool Sampled { get; set; }

    public List<string> Ids { get; set; } = [];

    public List<int> Predicted { get; set; } = [];

    /// <summary>Regression models: the predicted numbers, row by row (NaN = abstained); empty for classifiers.</summary>
    public List<double> Values { get; set; } = [];

    /// <summary>The candidate on trial when the batch was served (null when none).</summary>
    public string? CandidateVersion { get; set; }

    /// <summary>The candidate's predicted class per row (-1 = no answer); empty without a trial.</summary>
    public List<int> CandidatePredicted { get; set; } = [];

    /// <summary>Regression models: the other version's predicted numbers per row (NaN = no answer); empty without one.</summary>
    public List<double> CandidateValues { get; set; } = [];
}
