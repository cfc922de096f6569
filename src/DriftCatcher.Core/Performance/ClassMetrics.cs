namespace DriftCatcher.Core.Performance;

/// <summary>
/// One class's scores, one-vs-rest. Precision is 0 when the class is never predicted and recall is 0 when
/// it never occurs (scikit-learn's zero_division=0).
/// </summary>
public sealed record ClassMetrics(int Class, int Support, int Predicted, double Precision, double Recall, double F1);
