namespace DriftCatcher.Twin.Reporting;

/// <summary>
/// The headline numbers of a replay. Accuracies are row-weighted over answered rows with a known label
/// (correct / answered), null when there were none. <see cref="IncidentAccuracy"/> covers the batches
/// inside any incident. <see cref="ModelChanges"/> counts the batches whose primary served version differs
/// from the previous batch's (what predictions.csv shows was served, whatever the actions claimed);
/// <see cref="ModelChangesOrdered"/> counts the model-change actions of actions.jsonl, as the CLI's summary line does.
/// <see cref="FirstResponseBatch"/> is the batch of the first action other than an alert (as the replay
/// driver counts it: an alert tells a person, a response changes something or hands it over).
/// </summary>
public sealed record TwinRunSummary(
    int Batches,
    int Rows,
    int Answered,
    double? MeanAccuracy,
    double? IncidentAccuracy,
    int ModelChanges,
    int Alerts,
    int Abstained,
    int Escalations,
    int Incidents,
    int? FirstResponseBatch)
{
    /// <summary>Regression runs: row-weighted MAE over answered rows, overall and inside incidents (null otherwise).</summary>
    public double? MeanMae { get; init; }

    public double? IncidentMae { get; init; }

    /// <summary>
    /// Promote, rollback, fallback, disable and restore lines of actions.jsonl: the CLI's "N model changes". It exceeds
    /// <see cref="ModelChanges"/> when a change never served (periodic:1 promotes at the last batch: the CLI said 38, the
    /// card 37, with nothing on the page to tell why).
    /// </summary>
    public int ModelChangesOrdered { get; init; }

    /// <summary>The note that reconciles the two counts, empty when they agree.</summary>
    public string OrderedNote => ModelChangesOrdered == ModelChanges
        ? string.Empty
        : $"{ModelChangesOrdered.ToString(System.Globalization.CultureInfo.InvariantCulture)} in actions.jsonl";
}
